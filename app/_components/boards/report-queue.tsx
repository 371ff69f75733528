"use client";

import { useState } from "react";
import { BoardForm } from "./board-form";
import { PostText, QuotePage } from "./post-text";
import { shortTime, threadAction, threadUrl, type PostView } from "./types";
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
  const [reports, setReports] = useState(props.reports);
  const drop = (id: number) => setReports((current) => current.filter((r) => r.id !== id));
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">Reported posts</h1>
      {reports.length === 0 ? (
        <p className="py-6 text-center text-muted">No open reports.</p>
      ) : (
        <ul className="space-y-3" aria-label="Reports">
          {reports.map((r) => (
            <li key={r.id} className="rounded border border-border bg-surface p-3" data-report-id={r.id}>
              <p className="mb-1 text-sm">
                <strong>{r.reporter}</strong> reported{" "}
                <a href={`${threadUrl(r.board, r.post.thread_id)}#p${r.post.id}`} className="text-accent underline">
                  /{r.board}/ No.{r.post.id}
                </a>{" "}
                <span className="text-muted">({shortTime(r.created)})</span>
              </p>
              <p className="mb-2 text-sm">
                Reason: <span className="break-words">{r.reason}</span>
              </p>
              <div className="mb-2 rounded border border-border bg-bg p-2 text-sm">
                <div className="mb-1 text-xs">
                  <AuthorName name={r.post.author} /> <span className="text-muted">{shortTime(r.post.created)}</span>
                </div>
                {r.post.deleted ? (
                  <em className="text-muted">This post was deleted.</em>
                ) : (
                  <QuotePage.Provider value={threadUrl(r.board, r.post.thread_id)}>
                    <PostText text={r.post.content} preview={false} />
                  </QuotePage.Provider>
                )}
              </div>
              <div className="flex flex-wrap gap-2">
                {!r.post.deleted ? (
                  <BoardForm action={threadAction(r.board, r.post.thread_id, `posts/${r.post.id}/delete`)} onSuccess={() => drop(r.id)} label={`Delete post No.${r.post.id}`}>
                    <button type="submit" className={`${button} border-danger text-danger`}>Delete post</button>
                  </BoardForm>
                ) : null}
                <BoardForm action={`/boards/reports/${r.id}/dismiss`} onSuccess={() => drop(r.id)} label={`Dismiss report ${r.id}`}>
                  <button type="submit" className={button}>Dismiss</button>
                </BoardForm>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
