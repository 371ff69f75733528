"use client";

import { useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { BoardForm } from "./board-form";
import { PostText, QuotePage } from "./post-text";
import { boardTime, threadAction, threadUrl, type PostView } from "./types";
import { AuthorName } from "./viewer";

export interface ReportView {
  id: number;
  board: string;
  reason: string;
  reporter: string;
  created: string;
  post: PostView & { thread_id: number };
}

const button = "rounded border border-border px-2 py-1 text-sm hover:bg-raised";

/** The admins' queue: what was reported and why, with the post; delete the post or dismiss the report. */
export function ReportQueue(props: { reports: ReportView[] }) {
  const t = useTranslations("boards.reports");
  const locale = useLocale();
  const [reports, setReports] = useState(props.reports);
  const drop = (id: number) => setReports((current) => current.filter((r) => r.id !== id));
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">{t("title")}</h1>
      {reports.length === 0 ? (
        <p className="py-6 text-center text-muted">{t("empty")}</p>
      ) : (
        <ul className="space-y-3" aria-label={t("list")}>
          {reports.map((r) => (
            <li key={r.id} className="rounded border border-border bg-surface p-3" data-report-id={r.id}>
              <p className="mb-1 text-sm">
                {t.rich("reported", {
                  reporter: r.reporter,
                  board: r.board,
                  id: r.post.id,
                  who: (chunks) => <strong>{chunks}</strong>,
                  link: (chunks) => (
                    <a href={`${threadUrl(r.board, r.post.thread_id)}#p${r.post.id}`} className="text-accent underline">
                      {chunks}
                    </a>
                  ),
                })}{" "}
                <span className="text-muted">
                  (
                  <time dateTime={`${r.created.replace(" ", "T")}Z`} suppressHydrationWarning>
                    {boardTime(r.created, locale)}
                  </time>
                  )
                </span>
              </p>
              <p className="mb-2 text-sm">
                {t.rich("reason", { reason: r.reason, text: (chunks) => <span className="break-words">{chunks}</span> })}
              </p>
              <div className="mb-2 rounded border border-border bg-bg p-2 text-sm">
                <div className="mb-1 text-xs">
                  <AuthorName name={r.post.author} />{" "}
                  <time dateTime={`${r.post.created.replace(" ", "T")}Z`} className="text-muted" suppressHydrationWarning>
                    {boardTime(r.post.created, locale)}
                  </time>
                </div>
                {r.post.deleted ? (
                  <em className="text-muted">{t("deleted")}</em>
                ) : (
                  <QuotePage.Provider value={threadUrl(r.board, r.post.thread_id)}>
                    <PostText text={r.post.content} preview={false} />
                  </QuotePage.Provider>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                {!r.post.deleted ? (
                  <BoardForm action={threadAction(r.board, r.post.thread_id, `posts/${r.post.id}/delete`)} onSuccess={() => drop(r.id)} label={t("deleteLabel", { id: r.post.id })}>
                    <button type="submit" className={`${button} border-danger text-danger`}>{t("deletePost")}</button>
                  </BoardForm>
                ) : null}
                <BoardForm action={`/boards/reports/${r.id}/dismiss`} onSuccess={() => drop(r.id)} label={t("dismissLabel", { id: r.id })}>
                  <button type="submit" className={button}>{t("dismiss")}</button>
                </BoardForm>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
