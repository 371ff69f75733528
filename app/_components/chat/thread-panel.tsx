"use client";

import { X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslations } from "use-intl";
import type { Message } from "@/lib/client/types";
import { Avatar } from "./avatar";
import { followThread, markThreadRead, sendThreadReply, useFollowedThreads, useThread, type FollowedThreads } from "./data/threads";
import { formatMessage, useMessageTimes } from "./format";

/** The panels' close button: an icon, named by aria-label and title. */
const CLOSE = "rounded p-1 text-muted hover:bg-raised hover:text-fg";

export interface ThreadLooks {
  me: string;
  /** Known usernames, lower-cased (mention pills). */
  users: ReadonlySet<string>;
  colors: Record<string, string>;
  avatars: ReadonlySet<string>;
  avatarVersion: number;
}

/** "last reply 2:05 PM" today, else with the date ("last reply Dec 3", "dernière réponse 3 déc."). */
function useLastReplyLabel() {
  const t = useTranslations("messages.thread");
  const times = useMessageTimes();
  return (ts: number, now = Date.now()) => {
    const sameDay = new Date(ts * 1000).toDateString() === new Date(now).toDateString();
    return t("lastReply", { when: sameDay ? times.time(ts) : times.date(ts, { month: "short", day: "numeric" }) });
  };
}

/**
 * The line under a thread's root in the channel: reply count, the latest repliers' avatars and the last
 * reply's time; clicking it opens the thread panel.
 */
export function ThreadSummaryLine({ message, looks, onOpen }: { message: Message; looks: Omit<ThreadLooks, "me" | "users">; onOpen: (rootId: number) => void }) {
  const t = useTranslations("messages.thread");
  const lastReplyLabel = useLastReplyLabel();
  const count = message.reply_count ?? 0;
  if (count === 0) return null;
  const participants = (message.participants ?? []).slice(0, 3);
  return (
    <button
      type="button"
      className="thread-summary mt-1 flex items-center gap-2 rounded px-1 py-0.5 text-xs hover:bg-raised"
      onClick={() => onOpen(message.id)}
      aria-label={t("open", { count })}
    >
      <span className="flex -space-x-1" aria-hidden="true">
        {participants.map((name) => (
          <Avatar key={name} name={name} size={18} hasImage={looks.avatars.has(name)} colors={looks.colors} version={looks.avatarVersion} />
        ))}
      </span>
      <span className="font-semibold text-accent">{t("replies", { count })}</span>
      {message.last_reply_ts ? <span className="text-muted">{lastReplyLabel(message.last_reply_ts)}</span> : null}
    </button>
  );
}

function ThreadMessage({ message, looks }: { message: Message; looks: ThreadLooks }) {
  const t = useTranslations("messages.thread");
  const times = useMessageTimes();
  const deleted = message.deleted === 1;
  return (
    <article className="thread-message flex gap-2 px-3 py-1.5" data-message-id={message.id} aria-label={t("rowLabel", { name: message.sender, time: times.time(message.ts) })}>
      <Avatar name={message.sender} size={28} hasImage={looks.avatars.has(message.sender)} colors={looks.colors} version={looks.avatarVersion} />
      <div className="min-w-0 flex-1">
        <header className="flex items-baseline gap-2">
          <span className="truncate font-semibold">
            <bdi>{message.sender}</bdi>
          </span>
          <time className="shrink-0 text-xs text-muted" dateTime={new Date(message.ts * 1000).toISOString()} title={times.full(message.ts)}>
            {times.time(message.ts)}
          </time>
          {message.root_id !== null && message.root_id !== undefined && message.thread_only === 0 ? (
            <span className="shrink-0 text-xs text-muted">{t("alsoSent")}</span>
          ) : null}
        </header>
        {deleted ? (
          <p className="text-sm text-muted italic">{t("deleted")}</p>
        ) : message.content ? (
          <div className="message-body break-words whitespace-pre-wrap">{formatMessage(message.content, { users: looks.users, me: looks.me, messageId: message.id })}</div>
        ) : null}
        {!deleted && message.filename ? <p className="text-sm text-muted">{message.filename.replace(/^[0-9a-f]{32}_/, "")}</p> : null}
      </div>
    </article>
  );
}

/**
 * The thread panel beside the channel: the root, every reply, a composer of its own whose replies stay in
 * the thread unless "Also send to channel" is ticked, and following. While it is open the thread is read.
 */
export function ThreadPanel({ rootId, looks, onClose, onError }: {
  rootId: number;
  looks: ThreadLooks;
  onClose: () => void;
  onError: (text: string) => void;
}) {
  const t = useTranslations("messages.thread");
  const { data: thread, error, mutate } = useThread(rootId);
  const [text, setText] = useState("");
  const [alsoToChannel, setAlsoToChannel] = useState(false);
  const [sending, setSending] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLDivElement>(null);

  const unread = thread?.unread ?? 0;
  useEffect(() => {
    if (unread > 0) void markThreadRead(rootId).then(() => mutate(), () => undefined);
  }, [rootId, unread, mutate]);
  const replyCount = thread?.replies.length ?? 0;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [replyCount]);
  useEffect(() => box.current?.focus(), [rootId]);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if (!body || sending || !thread) return;
    setSending(true);
    try {
      await sendThreadReply(thread.channel, thread.root_id, body, alsoToChannel);
      setText("");
      setAlsoToChannel(false);
      await mutate();
    } catch {
      onError(t("sendFailed"));
    } finally {
      setSending(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) void send(event);
    if (event.key === "Escape") onClose();
  };
  const toggleFollow = async () => {
    if (!thread) return;
    try {
      await followThread(thread.root_id, !thread.following);
      await mutate();
    } catch {
      onError(t("followFailed"));
    }
  };

  return (
    <aside className="thread-panel flex h-full w-full flex-col border-l border-border bg-surface md:w-96" aria-label={t("title")}>
      <header className="flex items-center gap-2 border-b border-border px-3 py-2">
        <h2 className="flex-1 font-semibold">{t("title")}</h2>
        {thread ? (
          <button type="button" className="rounded border border-border px-2 py-0.5 text-sm" aria-pressed={thread.following} onClick={() => void toggleFollow()}>
            {thread.following ? t("following") : t("follow")}
          </button>
        ) : null}
        <button type="button" className={CLOSE} onClick={onClose} aria-label={t("close")} title={t("close")}>
          <X aria-hidden="true" className="size-5" />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error ? <p className="p-3 text-sm text-danger">{t("loadFailed")}</p> : null}
        {!thread && !error ? <p className="p-3 text-sm text-muted">{t("loading")}</p> : null}
        {thread ? (
          <>
            <ThreadMessage message={thread.root} looks={looks} />
            <p className="border-y border-border px-3 py-1 text-xs text-muted" role="status">
              {t("replies", { count: thread.summary.reply_count })}
            </p>
            <ol className="list-none" aria-label={t("repliesList")}>
              {thread.replies.map((reply) => (
                <li key={reply.id}>
                  <ThreadMessage message={reply} looks={looks} />
                </li>
              ))}
            </ol>
            <div ref={end} />
          </>
        ) : null}
      </div>
      <form className="border-t border-border p-2" onSubmit={(event) => void send(event)}>
        <textarea
          ref={box}
          className="w-full resize-none rounded border border-border bg-bg p-2"
          rows={2}
          value={text}
          placeholder={t("placeholder")}
          aria-label={t("boxLabel")}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={!thread}
        />
        <div className="mt-1 flex items-center gap-2">
          <label className="flex flex-1 items-center gap-1 text-sm">
            <input type="checkbox" checked={alsoToChannel} onChange={(event) => setAlsoToChannel(event.target.checked)} />
            {t("alsoToChannel")}
          </label>
          <button type="submit" className="rounded bg-accent px-3 py-1 text-sm text-accent-fg disabled:opacity-50" disabled={sending || !text.trim() || !thread}>
            {t("send")}
          </button>
        </div>
      </form>
    </aside>
  );
}

/** The header's Threads button: the followed threads' unread replies as its badge. */
export function ThreadsButton({ onOpen }: { onOpen: () => void }) {
  const t = useTranslations("messages.threads");
  const { data } = useFollowedThreads();
  const unread = data?.total_unread ?? 0;
  return (
    <button
      type="button"
      className="flex items-center gap-1 rounded px-1 text-sm whitespace-nowrap text-muted hover:bg-raised"
      aria-label={unread > 0 ? t("buttonUnread", { count: unread }) : t("button")}
      title={t("buttonTitle")}
      onClick={onOpen}
    >
      {t("button")}
      {unread > 0 ? <span className="threads-badge rounded-full bg-badge px-1.5 text-xs font-semibold text-badge-fg">{unread}</span> : null}
    </button>
  );
}

type FollowedEntry = FollowedThreads["threads"][number];

/** The Threads view: followed threads, newest activity first, each with its unread replies; picking one opens it. */
export function FollowedThreadsPanel({ looks, channelName, onPick, onClose }: {
  looks: ThreadLooks;
  /** How a channel id is shown ("# general", a DM's people, a private channel's name). */
  channelName: (channel: string) => string;
  onPick: (thread: FollowedEntry) => void;
  onClose: () => void;
}) {
  const t = useTranslations("messages.threads");
  const tThread = useTranslations("messages.thread");
  const lastReplyLabel = useLastReplyLabel();
  const { data, error } = useFollowedThreads();
  return (
    <aside className="threads-view flex h-full w-full flex-col border-l border-border bg-surface md:w-96" aria-label={t("title")}>
      <header className="flex items-center gap-2 border-b border-border px-3 py-2">
        <h2 className="flex-1 font-semibold">{t("title")}</h2>
        <button type="button" className={CLOSE} onClick={onClose} aria-label={t("close")} title={t("close")}>
          <X aria-hidden="true" className="size-5" />
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {error ? <p className="p-3 text-sm text-danger">{t("loadFailed")}</p> : null}
        {data && data.threads.length === 0 ? <p className="p-3 text-sm text-muted">{t("empty")}</p> : null}
        <ul className="list-none" aria-label={t("list")}>
          {(data?.threads ?? []).map((thread) => (
            <li key={thread.root_id}>
              <button type="button" className="flex w-full gap-2 border-b border-border px-3 py-2 text-left hover:bg-raised" onClick={() => onPick(thread)}>
                <Avatar name={thread.root.sender} size={28} hasImage={looks.avatars.has(thread.root.sender)} colors={looks.colors} version={looks.avatarVersion} />
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline gap-2 text-xs text-muted">
                    <span className="truncate">{channelName(thread.channel)}</span>
                    <span className="ml-auto shrink-0">{lastReplyLabel(thread.last_activity)}</span>
                  </span>
                  <span className="block truncate">
                    {t.rich("root", {
                      sender: thread.root.sender,
                      text: thread.root.deleted ? tThread("deleted") : thread.root.content || thread.root.filename || "",
                      who: (chunks) => (
                        <span className="font-semibold">
                          <bdi>{chunks}</bdi>
                        </span>
                      ),
                    })}
                  </span>
                  <span className="flex items-center gap-2 text-xs">
                    <span className="text-accent">{tThread("replies", { count: thread.summary.reply_count })}</span>
                    {thread.unread > 0 ? (
                      <span className="rounded-full bg-badge px-1.5 font-semibold text-badge-fg" aria-label={t("unread", { count: thread.unread })}>
                        {thread.unread}
                      </span>
                    ) : null}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </aside>
  );
}
