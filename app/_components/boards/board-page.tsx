"use client";

import { useEffect, useState } from "react";
import { BoardForm } from "./board-form";
import { boardUrl, maxFileOf, shortTime, threadUrl, type ThreadView, type UploadLimit, type Viewer } from "./types";
import { AuthorAvatar, AuthorName } from "./viewer";

/** How often a board page asks whether threads were started since it loaded. */
export const NEW_THREADS_POLL_MS = 10_000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const field = "w-full rounded border border-border bg-bg px-2 py-1 text-fg";

function threadsOf(body: unknown): ThreadView[] {
  const list = Array.isArray(body) ? body : body && typeof body === "object" && "threads" in body && Array.isArray(body.threads) ? body.threads : [];
  return list.filter((t: unknown): t is ThreadView => !!t && typeof t === "object" && typeof (t as ThreadView).id === "number");
}

/** "N new threads": started since the page loaded (ids above the newest shown), counted from threads.json. */
export function NewThreadsNotice({ board, newestId }: { board: string; newestId: number }) {
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
      {plural(count, "new thread")}: show
    </a>
  );
}

/** Starting a thread: a title, a first post and an optional image; on success the new thread opens. */
export function NewThreadForm({ board, viewer, upload }: { board: string; viewer: Viewer; upload: UploadLimit }) {
  if (!viewer.me) {
    return (
      <p className="mb-3 text-sm">
        <a href="/login" className="text-accent underline">Sign in</a> to start a thread.
      </p>
    );
  }
  return (
    <details className="mb-3 rounded border border-border bg-surface p-3">
      <summary className="cursor-pointer font-semibold">Start a new thread</summary>
      <BoardForm
        action={`${boardUrl(board)}new`}
        files
        maxFile={maxFileOf(upload)}
        label="New thread"
        className="mt-2 space-y-2"
        onSuccess={(body) => {
          const made = body && typeof body === "object" && "thread" in body ? (body.thread as ThreadView) : (body as ThreadView | null);
          window.location.assign(made && typeof made.id === "number" ? threadUrl(board, made.id) : boardUrl(board));
        }}
      >
        <input name="title" required maxLength={200} className={field} placeholder="Title" aria-label="Title" />
        <textarea name="content" rows={4} maxLength={10000} className={field} placeholder="First post (>>123 quotes, > quotes a line)" aria-label="First post" />
        <div className="flex flex-wrap items-center gap-2">
          <input type="file" name="image" accept="image/png,image/jpeg,image/gif,image/webp" className="max-w-[14rem] text-sm" aria-label="Image" />
          <span className="text-xs text-muted">PNG, JPEG, GIF or WebP, up to {upload.mb} MB</span>
          <button type="submit" className="ml-auto rounded bg-accent px-3 py-1 text-sm font-medium text-accent-fg hover:opacity-90">Create thread</button>
        </div>
      </BoardForm>
    </details>
  );
}

/** One row of a board's thread list. */
export function ThreadRow({ thread }: { thread: ThreadView }) {
  return (
    <li className="flex gap-3 rounded border border-border bg-surface p-3" data-thread-id={thread.id}>
      <AuthorAvatar name={thread.author} size={32} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-x-2">
          {thread.sticky ? <span title="Sticky" aria-label="Sticky">{"\u{1F4CC}"}</span> : null}
          {thread.locked ? <span title="Locked" aria-label="Locked">{"\u{1F512}"}</span> : null}
          <a href={threadUrl(thread.board, thread.id)} className="min-w-0 font-semibold break-words hover:underline">
            {thread.title}
          </a>
        </div>
        <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-muted">
          <span>
            by <AuthorName name={thread.author} />
          </span>
          <span>{shortTime(thread.created)}</span>
          <span>{thread.replies} {thread.replies === 1 ? "reply" : "replies"}</span>
          {thread.images ? <span>{plural(thread.images, "image")}</span> : null}
          <span>last bump {shortTime(thread.bumped)}</span>
        </div>
      </div>
    </li>
  );
}
