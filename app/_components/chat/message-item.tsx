"use client";

import { Check, Ellipsis, MessageSquareText, Pencil, Reply, SmilePlus, Trash2 } from "lucide-react";
import { memo, useContext, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { norlogeFor } from "@/lib/chat/norloges";
import { postForm } from "@/lib/client/api";
import { DELETED_USER } from "@/lib/client/constants";
import { clip, GUEST_NAME_MAX, guestIdentity, isGuest, postedVia, senderName } from "@/lib/client/senders";
import type { Message } from "@/lib/client/types";
import { reactionEmoji } from "@/lib/reactions";
import { Avatar } from "./avatar";
import { useBots, type Bot } from "./data/integrations";
import { useQuotedMessage } from "./data/messages";
import { formatMessage, isEmojiOnly, useMessageTimes, type FormatContext } from "./format";
import { BotTag } from "./integrations/bot-tag";
import { Lightbox, lightboxClick, type LightboxState } from "./lightbox";
import { MessageActionsMenu, type MessageAction } from "./message-actions";
import { Attachment, LinkPreview } from "./previews";
import { mentionsMe } from "./alerts";
import { NorlogeScopeContext } from "./norloge";
import { SenderName } from "./profile-card";
import { ThreadSummaryLine } from "./thread-panel";
import { ReactionPicker } from "./reaction-picker";

export interface MessageContext extends FormatContext {
  colors: Record<string, string>;
  avatars: ReadonlySet<string>;
  avatarVersion: number;
  /** Readers of each message, keyed as /read_receipts keys them. */
  readersOf: (m: Message) => string[];
  onReply: (m: Message) => void;
  /** Opens the thread panel on this root (issue 16): the "N replies" line and the Reply in thread action. */
  onOpenThread?: (rootId: number) => void;
  /** Asks to confirm, then deletes. */
  onDelete: (m: Message) => void;
  onChanged: () => void;
  onError: (text: string) => void;
  jumpTo: (id: number) => void;
  /** Pinned messages of the open channel and the reader's saved ones (issue 16; empty when unknown). */
  pinned?: ReadonlySet<number>;
  saved?: ReadonlySet<number>;
  /** A pick from the message's menu of actions (pin, save, mark unread, copy link, history). */
  onAction?: (action: MessageAction, m: Message) => void;
}

/** Visual mode asking one message to open its editor or its reaction picker. */
export interface ItemCommand {
  id: number;
  kind: "edit" | "react";
  /** Distinguishes two identical requests in a row. */
  seq: number;
}

/**
 * A time's tooltip: the full date, and the tribune identity a registered user posted through (a
 * bot's `agent` is the name its post asked for, shown as its name instead: no "via").
 */
function useTimeTitle() {
  const t = useTranslations("messages.item");
  const times = useMessageTimes();
  return (m: Message, bot = false) => {
    const via = bot ? null : postedVia(m);
    return via ? t("postedVia", { date: times.full(m.ts), via }) : times.full(m.ts);
  };
}

/**
 * How a bot's message names its poster: the name the post asked for (a webhook's `username`
 * override, kept as the row's agent), else the bot's display name, else its username.
 */
function botName(m: Message, bot: Bot): string {
  const asked = (m.agent ?? "").replace(/[\s\p{Cc}]+/gu, " ").trim();
  return clip(asked || bot.display_name || bot.username, GUEST_NAME_MAX);
}
/**
 * A message's time. Where its norloge is known (a post of the open channel), clicking it puts that norloge
 * into the message box, as a coincoin's clock does, and its tooltip gives the time on the tribune's clock.
 */
function AnswerableTime({ message, bot }: { message: Message; bot: boolean }) {
  const scope = useContext(NorlogeScopeContext);
  const t = useTranslations("messages.item");
  const times = useMessageTimes();
  const timeTitle = useTimeTitle();
  const stamp = <time dateTime={new Date(message.ts * 1000).toISOString()}>{times.time(message.ts)}</time>;
  const norloge = scope?.answer ? norlogeFor(message.id, scope.index) : null;
  if (!scope?.answer || !norloge) return <span className="shrink-0 text-xs text-muted" title={timeTitle(message, bot)}>{stamp}</span>;
  const answer = scope.answer;
  return (
    <button
      type="button"
      className="shrink-0 text-xs text-muted hover:text-fg hover:underline"
      title={t("answerTitle", { title: timeTitle(message, bot), norloge })}
      data-answer={norloge}
      onClick={() => answer(norloge)}
    >
      {stamp}
    </button>
  );
}

/** A button of the row's toolbar: an icon, its name in aria-label and title. */
const TOOL = "rounded p-1 text-muted hover:bg-raised hover:text-fg";

const FIRST_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+[^\s<>"'`.,:;!?)\]}]/;

function ReplyQuote({ id, jumpTo }: { id: number; jumpTo: (id: number) => void }) {
  const t = useTranslations("messages.item");
  const { data, error } = useQuotedMessage(id);
  const text = error
    ? t("quoteUnavailable")
    : !data
      ? "\u2026"
      : data.deleted
        ? t("quoteDeleted")
        : data.filename
          ? t("quoteAttachment", { sender: senderName(data) })
          : t("quoteText", { sender: senderName(data), text: `${data.content.slice(0, 100)}${data.content.length > 100 ? "\u2026" : ""}` });
  return (
    <button type="button" onClick={() => jumpTo(id)} className="mb-1 block max-w-full truncate border-l-2 border-muted pl-2 text-left text-xs text-muted hover:text-fg">
      {text}
    </button>
  );
}

function Reactions({ message, ctx }: { message: Message; ctx: MessageContext }) {
  const t = useTranslations("messages.item");
  const map = message.reactions ? (JSON.parse(message.reactions) as Record<string, string[]>) : {};
  const entries = Object.entries(map).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  const toggle = async (name: string) => {
    try {
      await postForm(`/react/${message.id}`, { reaction: name });
      ctx.onChanged();
    } catch {
      ctx.onError(t("reactFailed"));
    }
  };
  return (
    <div className="mt-1 flex flex-wrap gap-1">
      {entries.map(([name, users]) => {
        const mine = users.includes(ctx.me);
        return (
          <button
            key={name}
            type="button"
            title={users.join(", ")}
            aria-label={t("reaction", { count: users.length, name, users: users.join(", "), mine: mine ? "yes" : "no" })}
            aria-pressed={mine}
            onClick={() => void toggle(name)}
            className={`reaction rounded-full border px-2 text-sm ${mine ? "active border-accent bg-accent/20" : "border-border bg-raised"}`}
          >
            {reactionEmoji(name)} {users.length}
          </button>
        );
      })}
    </div>
  );
}

function EditBox({ message, onDone, onError }: { message: Message; onDone: (saved: boolean) => void; onError: (t: string) => void }) {
  const t = useTranslations("messages.item");
  const [text, setText] = useState(message.content);
  const save = async () => {
    if (!text.trim()) return onError(t("editEmpty"));
    try {
      await postForm(`/edit/${message.id}`, { text });
      onDone(true);
    } catch {
      onError(t("editFailed"));
    }
  };
  return (
    <div className="mt-1">
      <textarea
        value={text}
        autoFocus
        aria-label={t("editLabel")}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
          if (e.key === "Escape") {
            e.preventDefault();
            onDone(false);
          }
        }}
        rows={Math.min(10, text.split("\n").length + 1)}
        className="w-full rounded border border-border bg-bg p-2"
      />
      <div className="mt-1 flex gap-2 text-sm">
        <button type="button" onClick={() => void save()} className="rounded bg-accent px-2 py-0.5 text-accent-fg">{t("save")}</button>
        <button type="button" onClick={() => onDone(false)} className="rounded border border-border px-2 py-0.5">{t("cancel")}</button>
      </div>
    </div>
  );
}

/**
 * One message row. `compact` rows continue the previous sender's group: no avatar or name, their
 * time shown on hover or focus; each is still its own message with its own actions.
 */
export const MessageItem = memo(function MessageItem({ message, compact, ctx, selected = false, command = null }: {
  message: Message;
  compact: boolean;
  ctx: MessageContext;
  selected?: boolean;
  command?: ItemCommand | null;
}) {
  const t = useTranslations("messages.item");
  const times = useMessageTimes();
  const timeTitle = useTimeTitle();
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const [menu, setMenu] = useState(false);
  const [viewer, setViewer] = useState<LightboxState | null>(null);
  const row = useRef<HTMLElement>(null);
  const mine = message.sender === ctx.me;
  const guest = isGuest(message);
  const bot = useBots().get(message.sender);
  const shownName = bot ? botName(message, bot) : senderName(message);
  useEffect(() => {
    if (selected) row.current?.scrollIntoView?.({ block: "nearest" });
  }, [selected]);
  // A visual-mode request opens the editor or the picker once (state adjusted while rendering).
  const [handled, setHandled] = useState<ItemCommand | null>(null);
  if (command && command !== handled) {
    setHandled(command);
    if (command.kind === "edit" && mine && !message.filename) setEditing(true);
    if (command.kind === "react") setPicking(true);
  }
  const mentioned = mentionsMe(message, ctx.me);
  const readers = mine ? ctx.readersOf(message).filter((r) => r !== ctx.me) : [];
  const url = message.filename ? null : FIRST_URL.exec(message.content)?.[0];
  const react = async (name: string) => {
    setPicking(false);
    try {
      await postForm(`/react/${message.id}`, { reaction: name });
      ctx.onChanged();
    } catch {
      ctx.onError(t("reactFailed"));
    }
  };

  if (message.content_type === "system") {
    return (
      <div id={`msg-${message.id}`} className="system-message px-4 py-1 text-center text-sm text-muted italic" data-testid="system-message">
        {message.content} <span className="text-xs" title={times.full(message.ts)}>{times.time(message.ts)}</span>
      </div>
    );
  }

  return (
    <article
      ref={row}
      id={`msg-${message.id}`}
      data-message-id={message.id}
      aria-label={t("rowLabel", { name: shownName, kind: guest ? "guest" : bot ? "bot" : "user", time: times.time(message.ts) })}
      aria-current={selected || undefined}
      className={`message group relative flex gap-3 px-4 ${compact ? "py-0.5" : "pt-2 pb-0.5"} hover:bg-raised/60 ${selected ? "visual-selected bg-accent/15 outline-2 -outline-offset-2 outline-accent" : ""} ${mentioned ? "mentioned border-l-4 border-mention-edge bg-mention-row" : ""}`}
    >
      <div className="w-8 shrink-0">
        {compact ? (
          <time
            className="compact-time invisible block pt-0.5 text-right text-[0.7em] whitespace-nowrap text-muted group-focus-within:visible group-hover:visible"
            title={timeTitle(message, bot !== undefined)}
            dateTime={new Date(message.ts * 1000).toISOString()}
          >
            {times.time(message.ts)}
          </time>
        ) : (
          <Avatar name={message.sender} size={32} hasImage={!guest && ctx.avatars.has(message.sender)} colors={ctx.colors} version={ctx.avatarVersion} />
        )}
      </div>
      <div className="min-w-0 flex-1">
        {compact ? null : (
          <header className="flex min-w-0 items-baseline gap-2">
            {guest ? (
              // No account behind it: the identity it posted under, never a profile to open.
              <>
                <span className="guest-name min-w-0 truncate font-semibold" title={guestIdentity(message)}>
                  <bdi>{senderName(message)}</bdi>
                </span>
                <span className="guest-badge shrink-0 rounded border border-border px-1 text-[0.7em] leading-tight text-muted" data-guest="">
                  {t("guest")}
                </span>
              </>
            ) : message.sender === "system" || message.sender === DELETED_USER ? (
              <span className="font-semibold">{senderName(message)}</span>
            ) : bot ? (
              <>
                <SenderName name={message.sender} label={shownName} colors={ctx.colors} hasImage={ctx.avatars.has(message.sender)} version={ctx.avatarVersion} />
                <BotTag />
              </>
            ) : (
              <SenderName name={message.sender} colors={ctx.colors} hasImage={ctx.avatars.has(message.sender)} version={ctx.avatarVersion} />
            )}
            <AnswerableTime message={message} bot={bot !== undefined} />
          </header>
        )}
        {message.reply_to_id ? <ReplyQuote id={message.reply_to_id} jumpTo={ctx.jumpTo} /> : null}
        {editing ? (
          <EditBox message={message} onError={ctx.onError} onDone={(saved) => { setEditing(false); if (saved) ctx.onChanged(); }} />
        ) : message.content ? (
          <div className={`message-body break-words whitespace-pre-wrap ${isEmojiOnly(message.content) ? "emoji-only text-4xl" : ""}`}>
            {formatMessage(message.content, {
              users: ctx.users,
              me: ctx.me,
              messageId: message.id,
              tribune: !bot && message.agent !== null && message.agent !== undefined,
              trailing: message.edited ? (
                <span className="ml-1 text-xs text-muted" title={t("editedTitle", { date: times.full(message.edited_ts ?? message.ts) })}>
                  {t("edited")}
                </span>
              ) : undefined,
            })}
          </div>
        ) : null}
        {message.filename ? (
          <div onClick={lightboxClick(setViewer)}>
            <Attachment filename={message.filename} />
          </div>
        ) : null}
        {viewer ? <Lightbox {...viewer} onClose={() => setViewer(null)} /> : null}
        {url ? <LinkPreview url={url} /> : null}
        <Reactions message={message} ctx={ctx} />
        {ctx.onOpenThread ? <ThreadSummaryLine message={message} looks={ctx} onOpen={ctx.onOpenThread} /> : null}
      </div>
      {readers.length ? (
        <span role="img" className="seen self-end text-xs text-ok" title={t("readByTitle", { names: readers.join(", ") })} aria-label={t("readByLabel", { names: readers.join(", ") })}>
          <Check aria-hidden="true" className="size-3.5" />
        </span>
      ) : null}
      <div className="absolute -top-3 right-4 hidden gap-1 rounded border border-border bg-surface px-1 shadow group-focus-within:flex group-hover:flex">
        <button type="button" className={TOOL} onClick={() => ctx.onReply(message)} aria-label={t("reply")} title={t("reply")}>
          <Reply aria-hidden="true" className="size-4" />
        </button>
        {ctx.onOpenThread ? (
          <button type="button" className={TOOL} onClick={() => ctx.onOpenThread?.(message.root_id ?? message.id)} aria-label={t("replyInThread")} title={t("replyInThread")}>
            <MessageSquareText aria-hidden="true" className="size-4" />
          </button>
        ) : null}
        <button type="button" className={TOOL} onClick={() => setPicking((v) => !v)} aria-label={t("addReaction")} title={t("addReaction")}>
          <SmilePlus aria-hidden="true" className="size-4" />
        </button>
        {mine && !message.filename ? (
          <button type="button" className={TOOL} onClick={() => setEditing(true)} aria-label={t("edit")} title={t("edit")}>
            <Pencil aria-hidden="true" className="size-4" />
          </button>
        ) : null}
        {mine ? (
          <button type="button" className={TOOL} onClick={() => ctx.onDelete(message)} aria-label={t("delete")} title={t("delete")}>
            <Trash2 aria-hidden="true" className="size-4" />
          </button>
        ) : null}
        {ctx.onAction && message.deleted === 0 ? (
          <button type="button" className={TOOL} onClick={() => setMenu((v) => !v)} aria-label={t("moreActions")} title={t("moreActions")} aria-haspopup="menu" aria-expanded={menu}>
            <Ellipsis aria-hidden="true" className="size-4" />
          </button>
        ) : null}
      </div>
      {menu && ctx.onAction ? (
        <div className="absolute top-4 right-4 z-20">
          <MessageActionsMenu
            message={message}
            pinned={ctx.pinned?.has(message.id) ?? false}
            saved={ctx.saved?.has(message.id) ?? false}
            onPick={(action) => ctx.onAction?.(action, message)}
            onClose={() => setMenu(false)}
          />
        </div>
      ) : null}
      {picking ? (
        <div className="absolute top-4 right-4">
          <ReactionPicker onPick={(name) => void react(name)} onClose={() => setPicking(false)} />
        </div>
      ) : null}
    </article>
  );
});
