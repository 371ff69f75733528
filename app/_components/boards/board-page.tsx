"use client";

import { Lock, Pin } from "lucide-react";
import { useEffect, useState } from "react";
import { useLocale, useTranslations } from "use-intl";
import { BoardForm } from "./board-form";
import { boardTime, boardUrl, maxFileOf, threadUrl, type ThreadView, type UploadLimit, type Viewer } from "./types";
import { AuthorAvatar, AuthorName } from "./viewer";

/** How often a board page asks whether threads were started since it loaded. */
export const NEW_THREADS_POLL_MS = 10_000;

const field = "w-full rounded border border-border bg-bg px-2 py-1 text-fg";

function threadsOf(body: unknown): ThreadView[] {
  const list = Array.isArray(body) ? body : body && typeof body === "object" && "threads" in body && Array.isArray(body.threads) ? body.threads : [];
  return list.filter((t: unknown): t is ThreadView => !!t && typeof t === "object" && typeof (t as ThreadView).id === "number");
}

/** "N new threads": started since the page loaded (ids above the newest shown), counted from threads.json. */
export function NewThreadsNotice({ board, newestId }: { board: string; newestId: number }) {
  const t = useTranslations("boards.board");
  const [count, setCount] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(`${boardUrl(board)}threads.json`, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (res.ok) setCount(threadsOf(await res.json()).filter((t) => t.id > newestId).length);
      } catch {
        // try again on the next tick
      }
    }, NEW_THREADS_POLL_MS);
    return () => window.clearInterval(timer);
  }, [board, newestId]);
  if (!count) return null;
  return (
    <a href={boardUrl(board)} role="status" className="mb-3 block rounded border border-accent bg-raised px-3 py-2 text-center text-sm font-medium" data-testid="new-threads">
      {t("newThreads", { count })}
    </a>
  );
}

/** Starting a thread: a title, a first post and an optional image; on success the new thread opens. */
export function NewThreadForm({ board, viewer, upload }: { board: string; viewer: Viewer; upload: UploadLimit }) {
  const t = useTranslations("boards.board");
  if (!viewer.me) {
    return (
      <p className="mb-3 text-sm">
        {t.rich("signInToStart", {
          link: (chunks) => (
            <a href="/login" className="text-accent underline">
              {chunks}
            </a>
          ),
        })}
      </p>
    );
  }
  return (
    <details className="mb-3 rounded border border-border bg-surface p-3">
      <summary className="cursor-pointer font-semibold">{t("startThread")}</summary>
      <BoardForm
        action={`${boardUrl(board)}new`}
        files
        maxFile={maxFileOf(upload)}
        label={t("newThread")}
        className="mt-2 space-y-2"
        onSuccess={(body) => {
          const made = body && typeof body === "object" && "thread" in body ? (body.thread as ThreadView) : (body as ThreadView | null);
          window.location.assign(made && typeof made.id === "number" ? threadUrl(board, made.id) : boardUrl(board));
        }}
      >
        <input name="title" required maxLength={200} className={field} placeholder={t("title")} aria-label={t("title")} />
        <textarea name="content" rows={4} maxLength={10000} className={field} placeholder={t("firstPost")} aria-label={t("firstPostLabel")} />
        <div className="flex flex-wrap items-center gap-2">
          <input type="file" name="image" accept="image/png,image/jpeg,image/gif,image/webp" className="max-w-[14rem] text-sm" aria-label={t("image")} />
          <span className="text-xs text-muted">{t("imageHint", { mb: upload.mb })}</span>
          <button type="submit" className="ml-auto rounded bg-accent px-3 py-1 text-sm font-medium text-accent-fg hover:opacity-90">{t("create")}</button>
        </div>
      </BoardForm>
    </details>
  );
}

/** One row of a board's thread list. */
export function ThreadRow({ thread }: { thread: ThreadView }) {
  const t = useTranslations("boards.board");
  const locale = useLocale();
  return (
    <li className="flex gap-3 rounded border border-border bg-surface p-3" data-thread-id={thread.id}>
      <AuthorAvatar name={thread.author} size={32} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2">
          {thread.sticky ? (
            <span title={t("sticky")} aria-label={t("sticky")} role="img">
              <Pin aria-hidden="true" className="size-4" />
            </span>
          ) : null}
          {thread.locked ? (
            <span title={t("locked")} aria-label={t("locked")} role="img">
              <Lock aria-hidden="true" className="size-4" />
            </span>
          ) : null}
          <a href={threadUrl(thread.board, thread.id)} className="min-w-0 font-semibold break-words hover:underline">
            {thread.title}
          </a>
        </div>
        <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-muted">
          <span>{t.rich("by", { author: () => <AuthorName name={thread.author} /> })}</span>
          <span suppressHydrationWarning>{boardTime(thread.created, locale)}</span>
          <span>{t("replies", { count: thread.replies })}</span>
          {thread.images ? <span>{t("images", { count: thread.images })}</span> : null}
          <span suppressHydrationWarning>{t("lastBump", { time: boardTime(thread.bumped, locale) })}</span>
        </div>
      </div>
    </li>
  );
}
