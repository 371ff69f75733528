"use client";

import { ArrowLeft, Lock, Pin } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useLocale, useTranslations } from "use-intl";
import { BoardForm } from "./board-form";
import { PostLookup, PostText } from "./post-text";
import { boardTime, boardUrl, editedAt, maxFileOf, threadAction, threadUrl, type BoardChoice, type PostView, type ThreadView, type UploadLimit, type Viewer } from "./types";
import { AuthorAvatar, AuthorName } from "./viewer";

/** How often an open, visible thread asks for new replies. */
export const POLL_MS = 1000;

const isPost = (value: unknown): value is PostView =>
  !!value && typeof value === "object" && typeof (value as PostView).id === "number" && typeof (value as PostView).content === "string";
const isThread = (value: unknown): value is ThreadView =>
  !!value && typeof value === "object" && typeof (value as ThreadView).id === "number" && typeof (value as ThreadView).locked === "boolean";

/** Adds posts not yet shown, keeping id order (a reply can arrive from our own form and from the poll). */
function merge(current: PostView[], incoming: PostView[]): PostView[] {
  const known = new Set(current.map((p) => p.id));
  const fresh = incoming.filter((p) => !known.has(p.id));
  return fresh.length ? [...current, ...fresh].sort((a, b) => a.id - b.id) : current;
}

const button = "rounded border border-border px-2 py-1 text-sm hover:bg-raised disabled:opacity-50";
const primary = "rounded bg-accent px-3 py-1 text-sm font-medium text-accent-fg hover:opacity-90 disabled:opacity-50";
const field = "w-full rounded border border-border bg-bg px-2 py-1 text-fg";

/** A `<details>` fold: opens without JavaScript; `close` shuts it after its form succeeded. */
function Fold({ summary, label, children }: { summary: string; label?: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="[&[open]]:basis-full">
      <summary className="cursor-pointer list-none rounded px-1 py-1 text-sm text-muted hover:bg-raised hover:text-fg" aria-label={label}>
        {summary}
      </summary>
      <div className="mt-1">{children(() => setOpen(false))}</div>
    </details>
  );
}

export interface ThreadPageProps {
  thread: ThreadView;
  posts: PostView[];
  viewer: Viewer;
  /** Where an admin may move the thread. */
  boards: BoardChoice[];
  upload: UploadLimit;
}

/** An open thread: its posts (live), quote previews, images that expand, the author's and the admins' tools, the reply form. */
export function ThreadPage(props: ThreadPageProps) {
  const t = useTranslations("boards.thread");
  const [thread, setThread] = useState(props.thread);
  const [posts, setPosts] = useState(props.posts);
  const [notice, setNotice] = useState<string | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const lookup = useMemo(() => new Map(posts.map((p) => [p.id, p])), [posts]);
  const lastId = posts.length ? Math.max(...posts.map((p) => p.id)) : 0;
  const lastIdRef = useRef(lastId);
  useEffect(() => {
    lastIdRef.current = lastId;
  }, [lastId]);
  const { board, id } = thread;

  // New replies within a second while the page is visible; one request at a time.
  useEffect(() => {
    let busy = false;
    const timer = window.setInterval(async () => {
      if (busy || document.visibilityState !== "visible") return;
      busy = true;
      try {
        const res = await fetch(`${threadAction(board, id, "posts")}?after=${lastIdRef.current}`, { headers: { Accept: "application/json" }, cache: "no-store" });
        if (res.ok) {
          const body: unknown = await res.json();
          if (Array.isArray(body)) setPosts((current) => merge(current, body.filter(isPost)));
        }
      } catch {
        // offline for a moment: the next tick tries again
      } finally {
        busy = false;
      }
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [board, id]);

  const replace = (post: PostView) => setPosts((current) => current.map((p) => (p.id === post.id ? { ...p, ...post } : p)));
  const quote = (postId: number) => {
    const box = replyBox.current;
    if (!box) return false;
    const prefix = box.value && !box.value.endsWith("\n") ? "\n" : "";
    box.value += `${prefix}>>${postId}\n`;
    box.focus();
    return true;
  };
  const mayPost = !!props.viewer.me && (!thread.locked || props.viewer.admin);

  return (
    <PostLookup.Provider value={lookup}>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="min-w-0 text-xl font-semibold break-words" data-testid="thread-title">
          {thread.title}
        </h1>
        {thread.sticky ? (
          <span className="inline-flex items-center gap-1 rounded bg-raised px-1.5 text-xs text-fg" title={t("sticky")}>
            <Pin aria-hidden="true" className="size-3.5" />
            {t("sticky")}
          </span>
        ) : null}
        {thread.locked ? (
          <span className="inline-flex items-center gap-1 rounded bg-raised px-1.5 text-xs text-fg" data-testid="locked-badge" title={t("lockedTitle")}>
            <Lock aria-hidden="true" className="size-3.5" />
            {t("locked")}
          </span>
        ) : null}
      </div>
      {props.viewer.admin ? <ModTools thread={thread} boards={props.boards} onChange={setThread} /> : null}
      {notice ? <p role="status" className="mb-2 text-sm text-muted">{notice}</p> : null}
      <ol className="space-y-3" aria-label={t("posts")}>
        {posts.map((post, n) => (
          <li key={post.id}>
            <Post
              post={post}
              first={n === 0}
              board={board}
              threadId={id}
              viewer={props.viewer}
              onQuote={quote}
              onChange={replace}
              onReported={() => setNotice(t("reported", { id: post.id }))}
            />
          </li>
        ))}
      </ol>
      <section id="reply" aria-labelledby="reply-heading" className="mt-4 rounded border border-border bg-surface p-3">
        <h2 id="reply-heading" className="mb-2 font-semibold">{t("reply")}</h2>
        {thread.locked && mayPost ? <p className="mb-2 text-sm text-muted">{t("lockedAdminsOnly")}</p> : null}
        {!props.viewer.me ? (
          <p className="text-sm">
            {t.rich("signInToReply", {
              link: (chunks) => (
                <a href="/login" className="text-accent underline">
                  {chunks}
                </a>
              ),
            })}
          </p>
        ) : !mayPost ? (
          <p className="text-sm text-muted">{t("lockedNoReplies")}</p>
        ) : (
          <BoardForm
            action={threadAction(board, id, "reply")}
            files
            maxFile={maxFileOf(props.upload)}
            label={t("reply")}
            className="space-y-2"
            onSuccess={(body) => {
              if (isPost(body)) {
                setPosts((current) => merge(current, [body]));
                window.setTimeout(() => document.getElementById(`p${body.id}`)?.scrollIntoView({ block: "nearest" }), 0);
              }
            }}
          >
            <label className="block text-sm">
              <span className="sr-only">{t("message")}</span>
              <textarea ref={replyBox} name="content" rows={4} maxLength={10000} className={field} placeholder={t("replyPlaceholder")} aria-label={t("replyText")} />
            </label>
            <div className="flex flex-wrap items-center gap-2">
              <label className="min-w-0 text-sm">
                <span className="mr-1 text-muted">{t("image")}</span>
                <input type="file" name="image" accept="image/png,image/jpeg,image/gif,image/webp" className="max-w-[14rem] text-sm" aria-label={t("image")} />
              </label>
              <span className="text-xs text-muted">{t("imageHint", { mb: props.upload.mb })}</span>
              <button type="submit" className={`${primary} ml-auto`}>{t("postReply")}</button>
            </div>
          </BoardForm>
        )}
      </section>
      <p className="mt-3 text-sm">
        <a href={boardUrl(board)} className="inline-flex items-center gap-1 text-accent underline">
          <ArrowLeft aria-hidden="true" className="size-4" />
          {t("backTo", { board })}
        </a>
      </p>
    </PostLookup.Provider>
  );
}

function Post(props: {
  post: PostView;
  first: boolean;
  board: string;
  threadId: number;
  viewer: Viewer;
  onQuote: (id: number) => boolean;
  onChange: (post: PostView) => void;
  onReported: () => void;
}) {
  const { post, board, threadId, viewer } = props;
  const t = useTranslations("boards.thread");
  const locale = useLocale();
  const [expanded, setExpanded] = useState(false);
  const mine = !!viewer.me && post.author === viewer.me;
  const edited = editedAt(post);
  const action = (what: string) => threadAction(board, threadId, `posts/${post.id}/${what}`);
  return (
    <article id={`p${post.id}`} data-post-id={post.id} className={`scroll-mt-16 rounded border border-border p-3 ${props.first ? "bg-surface" : "bg-surface/70"}`}>
      <header className="mb-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <AuthorAvatar name={post.author} size={28} />
        <AuthorName name={post.author} />
        <time dateTime={`${post.created.replace(" ", "T")}Z`} className="text-xs text-muted" suppressHydrationWarning>
          {boardTime(post.created, locale)}
        </time>
        {edited && !post.deleted ? (
          <span className="text-xs text-muted" title={t("editedAt", { time: boardTime(edited, locale) })} suppressHydrationWarning>
            {t("edited")}
          </span>
        ) : null}
        <a
          href={`#p${post.id}`}
          className="ml-auto text-xs text-muted hover:text-fg"
          title={t("quoteTitle")}
          onClick={(e) => {
            if (props.onQuote(post.id)) e.preventDefault();
          }}
        >
          {t("number", { id: post.id })}
        </a>
      </header>
      {post.deleted ? (
        <p className="text-sm text-muted italic">{t("deleted")}</p>
      ) : (
        <div className="flow-root">
          {post.image_url ? (
            <a
              href={post.image_url}
              className={`mb-2 block ${expanded ? "" : "sm:float-left sm:mr-3"}`}
              data-expanded={expanded || undefined}
              onClick={(e) => {
                e.preventDefault();
                setExpanded(!expanded);
              }}
              title={expanded ? t("shrink") : t("expand")}
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded image, served as stored */}
              <img
                src={expanded ? post.image_url : (post.thumbnail_url ?? post.image_url)}
                alt={expanded ? t("imageAltFull", { id: post.id }) : t("imageAlt", { id: post.id })}
                className={expanded ? "h-auto max-w-full rounded" : "max-h-[200px] max-w-[200px] rounded object-contain"}
                loading="lazy"
              />
            </a>
          ) : null}
          {/* Its own block formatting context: quote bars start beside a floated image, not under it. */}
          <div className="flow-root">
            <PostText text={post.content} />
          </div>
        </div>
      )}
      {!post.deleted && viewer.me ? (
        <footer className="mt-2 flex flex-wrap items-start gap-2">
          {mine ? (
            <Fold summary={t("edit")} label={t("editLabel", { id: post.id })}>
              {(close) => (
                <BoardForm
                  action={action("edit")}
                  label={t("editLabel", { id: post.id })}
                  className="space-y-2"
                  onSuccess={(body) => {
                    if (isPost(body)) props.onChange(body);
                    else window.location.reload();
                    close();
                  }}
                >
                  <textarea name="content" defaultValue={post.content} rows={4} maxLength={10000} className={field} aria-label={t("postText")} />
                  <button type="submit" className={primary}>{t("save")}</button>
                </BoardForm>
              )}
            </Fold>
          ) : null}
          {mine || viewer.admin ? (
            <Fold summary={t("delete")} label={t("deleteLabel", { id: post.id })}>
              {(close) => (
                <BoardForm
                  action={action("delete")}
                  label={t("deleteLabel", { id: post.id })}
                  className="flex flex-wrap items-center gap-2"
                  onSuccess={() => {
                    props.onChange({ ...post, deleted: true, content: "", image_url: null, thumbnail_url: null });
                    close();
                  }}
                >
                  <span className="text-sm">{t("deleteConfirm")}</span>
                  <button type="submit" className={`${button} border-danger text-danger`}>{t("deletePost")}</button>
                </BoardForm>
              )}
            </Fold>
          ) : null}
          {!mine ? (
            <Fold summary={t("report")} label={t("reportLabel", { id: post.id })}>
              {(close) => (
                <BoardForm
                  action={action("report")}
                  label={t("reportLabel", { id: post.id })}
                  className="flex flex-wrap items-center gap-2"
                  onSuccess={() => {
                    props.onReported();
                    close();
                  }}
                >
                  <input name="reason" required maxLength={500} className={`${field} w-auto min-w-0 flex-1`} placeholder={t("reasonPlaceholder")} aria-label={t("reason")} />
                  <button type="submit" className={button}>{t("sendReport")}</button>
                </BoardForm>
              )}
            </Fold>
          ) : null}
        </footer>
      ) : null}
    </article>
  );
}

/** Admins: lock, sticky, move and delete the thread. */
function ModTools({ thread, boards, onChange }: { thread: ThreadView; boards: BoardChoice[]; onChange: (thread: ThreadView) => void }) {
  const t = useTranslations("boards.moderation");
  const { board, id } = thread;
  const update = (body: unknown) => {
    if (isThread(body)) onChange(body);
    else window.location.reload();
  };
  const toggle = (on: boolean, yes: string, no: string, label: string) => (
    <BoardForm action={threadAction(board, id, on ? no : yes)} onSuccess={update} label={label}>
      <button type="submit" className={button}>{label}</button>
    </BoardForm>
  );
  return (
    <section aria-label={t("label")} className="mb-3 flex flex-wrap items-start gap-2 rounded border border-dashed border-border p-2">
      {toggle(thread.locked, "lock", "unlock", thread.locked ? t("unlock") : t("lock"))}
      {toggle(thread.sticky, "sticky", "unsticky", thread.sticky ? t("unsticky") : t("sticky"))}
      <BoardForm
        action={threadAction(board, id, "move")}
        label={t("move")}
        className="flex items-center gap-1"
        onSuccess={(body) => window.location.assign(isThread(body) ? threadUrl(body.board, body.id) : boardUrl(board))}
      >
        <select name="board" defaultValue={board} className="rounded border border-border bg-bg px-1 py-1 text-sm" aria-label={t("moveTo")}>
          {boards.map((b) => (
            <option key={b.slug} value={b.slug}>/{b.slug}/ {b.title}</option>
          ))}
        </select>
        <button type="submit" className={button}>{t("moveSubmit")}</button>
      </BoardForm>
      <Fold summary={t("delete")} label={t("delete")}>
        {() => (
          <BoardForm action={threadAction(board, id, "delete")} label={t("delete")} onSuccess={() => window.location.assign(boardUrl(board))} className="flex items-center gap-2">
            <span className="text-sm">{t("deleteConfirm")}</span>
            <button type="submit" className={`${button} border-danger text-danger`}>{t("delete")}</button>
          </BoardForm>
        )}
      </Fold>
    </section>
  );
}
