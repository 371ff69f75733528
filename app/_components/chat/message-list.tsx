"use client";

import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { indexMessages, type ClockedMessage } from "@/lib/chat/norloges";
import type { Message } from "@/lib/client/types";
import { useMessageTimes } from "./format";
import { MessageItem, type ItemCommand, type MessageContext } from "./message-item";
import { NorlogeScopeContext, type NorlogeScope } from "./norloge";

// Rows rendered at first and added per step back. Each row is real work (markdown, times, avatars, its
// toolbar) and a channel opens at the speed of its window (bench/firstscreen.mjs: 30 rows open ~20 %
// faster than 60); but a norloge can only mark the post it points at while that post is rendered, and
// tribune readers point 40 posts back and more, so the window keeps four screens.
const PAGE = 60;

const dayOf = (ts: number) => new Date(ts * 1000).toDateString();
/**
 * Whether `message` continues `previous`'s group under one header: same sender and channel, same
 * day, within `windowSeconds` of it (0 turns grouping off); a reply or a system message stands alone.
 * The sender includes the tribune identity: two guests (sender "") are different people unless
 * they posted under the same name, and a user's tribune posts start their own group.
 */
export function continuesGroup(previous: Message | undefined, message: Message, windowSeconds: number): boolean {
  return (
    windowSeconds > 0 &&
    !!previous &&
    previous.sender === message.sender &&
    (previous.agent ?? null) === (message.agent ?? null) &&
    previous.channel === message.channel &&
    dayOf(previous.ts) === dayOf(message.ts) &&
    previous.content_type !== "system" &&
    message.content_type !== "system" &&
    !message.reply_to_id &&
    message.ts - previous.ts <= windowSeconds
  );
}

/** Brings a row's background up briefly; a newer flash of the same row restarts the fade. */
const flashTimers = new WeakMap<Element, ReturnType<typeof setTimeout>>();
function flash(el: HTMLElement) {
  const running = flashTimers.get(el);
  if (running) clearTimeout(running);
  el.setAttribute("data-flash", "");
  flashTimers.set(el, setTimeout(() => el.removeAttribute("data-flash"), 1200));
}

/** What norloges point at: posts as the tribune shows them (text, not a notice, not attachment-only). */
const isPost = (m: Message) => m.content_type === "text" && m.content !== "" && !m.deleted;

/** `id:ts` pairs, one string: the index is rebuilt only when the loaded posts change, not on every render. */
const clockedKey = (posts: readonly Message[]) => posts.map((m) => `${m.id}:${m.ts}`).join(",");
const fromClockedKey = (key: string): ClockedMessage[] =>
  key === "" ? [] : key.split(",").map((pair) => ({ id: Number(pair.split(":")[0]), ts: Number(pair.split(":")[1]) }));

/** A day separator's date in the page's language ("Friday, December 4, 2026", "vendredi 4 décembre 2026"). */
const DAY = { weekday: "long", year: "numeric", month: "long", day: "numeric" } as const;

/**
 * The channel's messages, newest at the bottom. Only the last PAGE rows (more as you scroll up) are
 * rendered; older ones load without moving what you are reading, and new ones keep you at the
 * bottom if you were there.
 */
/** Keyed by channel by its parent, so each channel starts at the bottom with a fresh window. */
export function MessageList({ messages, loaded, ctx, jumpTarget, hasOlder, onNeedOlder, selected = null, command = null, mergeWindowSeconds = 300, channel = "", tribuneTimeZone = "UTC", onAnswer, unreadAtOpen = 0, countedMessages }: {
  messages: Message[];
  loaded: boolean;
  ctx: MessageContext;
  jumpTarget: number | null;
  hasOlder: boolean;
  onNeedOlder: () => void;
  /** The message selected in visual mode. */
  selected?: number | null;
  /** A visual-mode request (edit, react) for one message. */
  command?: ItemCommand | null;
  /** `merge_window_seconds` of settings.json. */
  mergeWindowSeconds?: number;
  /** The open channel's name (a norloge's `@board` must name it). */
  channel?: string;
  /** settings.json `tribune.time_zone`: norloges are read on the tribune's clock. */
  tribuneTimeZone?: string;
  /** Clicking a message's time puts its norloge into the message box. */
  onAnswer?: (norloge: string) => void;
  /** Unread messages of others in the channel as it was opened: the "New messages" line goes above the first. */
  unreadAtOpen?: number;
  /** Every row unread counts cover, those not shown here too (thread-only replies); `messages` when absent. */
  countedMessages?: Message[];
}) {
  const t = useTranslations("messages.list");
  const times = useMessageTimes();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const [limit, setLimit] = useState(PAGE);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const visible = messages.filter((m) => !m.deleted);

  // The "New messages" line (issue 16): placed once, when the opened channel's rows are in, above the
  // first of the messages that were unread then (always the newest of others' messages: reading marks a
  // whole channel, marking unread a message and every later one). It stays while the channel is open,
  // though opening marks them read; the list is remade when another channel is opened.
  const [unreadCount] = useState(unreadAtOpen);
  const [firstUnread, setFirstUnread] = useState<number | null | undefined>(undefined);
  if (firstUnread === undefined && loaded) {
    const others = (countedMessages ?? messages).filter((m) => !m.deleted && m.sender !== ctx.me);
    const oldestUnread = unreadCount > 0 && others.length > 0 ? others[Math.max(0, others.length - unreadCount)]!.id : null;
    // Ids grow with time: the line goes above the first row shown from there on.
    setFirstUnread(oldestUnread === null ? null : (visible.find((m) => m.id >= oldestUnread)?.id ?? null));
  }

  // A message a norloge was clicked for (`seq` tells two clicks on the same one apart).
  const [norlogeJump, setNorlogeJump] = useState<{ id: number; seq: number } | null>(null);

  // A jump target older than the window widens it.
  const widenFor = (id: number | null | undefined) => {
    const at = id === null || id === undefined ? -1 : visible.findIndex((m) => m.id === id);
    return at >= 0 ? visible.length - at + 20 : 0;
  };
  const windowSize = Math.max(limit, widenFor(jumpTarget), widenFor(norlogeJump?.id));

  // A search result or a reply quote asked for this message: bring it to the middle and flash it.
  const jumped = useRef<number | null>(null);
  useEffect(() => {
    if (jumpTarget === null || jumped.current === jumpTarget) return;
    const el = document.getElementById(`msg-${jumpTarget}`);
    if (!el) {
      // Not loaded yet: page back until it is (each page re-runs this effect).
      if (loaded && hasOlder && !visible.some((m) => m.id === jumpTarget)) onNeedOlder();
      return;
    }
    jumped.current = jumpTarget;
    atBottom.current = false;
    el.scrollIntoView({ block: "center" });
    flash(el);
  });

  // A norloge's target is always loaded; once the window holds it, show it.
  useEffect(() => {
    if (!norlogeJump) return;
    const el = document.getElementById(`msg-${norlogeJump.id}`);
    if (!el) return;
    atBottom.current = false;
    el.scrollIntoView({ block: "center" });
    flash(el);
  }, [norlogeJump]);

  // Norloges: the loaded posts by their minute on the tribune's clock, and what a norloge can do.
  const postsKey = clockedKey(visible.filter(isPost));
  const norlogeIndex = useMemo(() => indexMessages(fromClockedKey(postsKey), tribuneTimeZone), [postsKey, tribuneTimeZone]);
  const highlighted = useRef<readonly number[]>([]);
  const highlight = useCallback((ids: readonly number[]) => {
    for (const id of highlighted.current) document.getElementById(`msg-${id}`)?.removeAttribute("data-norloge-target");
    for (const id of ids) document.getElementById(`msg-${id}`)?.setAttribute("data-norloge-target", "");
    highlighted.current = ids;
  }, []);
  const show = useCallback((id: number) => setNorlogeJump((prev) => ({ id, seq: (prev?.seq ?? 0) + 1 })), [setNorlogeJump]);
  const norlogeScope = useMemo<NorlogeScope>(
    () => ({ board: channel, index: norlogeIndex, highlight, show, answer: onAnswer }),
    [channel, norlogeIndex, highlight, show, onAnswer],
  );

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      // Keep what the reader was looking at in place once older rows have been added above it.
      if (el.scrollHeight !== anchor.current.height) {
        el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
        anchor.current = null;
      }
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  });
  // A window shorter than the list's box leaves nothing to scroll, and so nothing that asks for more rows.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && el.clientHeight > 0 && el.scrollHeight <= el.clientHeight && windowSize < visible.length) setLimit(windowSize + PAGE);
  }, [windowSize, visible.length]);

  // Code and link previews, images and quotes fill in after the rows are laid out: while the reader
  // is at the bottom, every growth (and a smaller viewport) keeps the newest message in view.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === "undefined") return;
    const follow = new ResizeObserver(() => {
      if (atBottom.current && !anchor.current) el.scrollTop = el.scrollHeight;
    });
    follow.observe(inner);
    follow.observe(el);
    return () => follow.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 200 && !anchor.current) {
      if (windowSize < visible.length) {
        anchor.current = { height: el.scrollHeight, top: el.scrollTop };
        setLimit(windowSize + PAGE);
      } else if (hasOlder) {
        anchor.current = { height: el.scrollHeight, top: el.scrollTop };
        setLimit(windowSize + PAGE);
        onNeedOlder();
      }
    }
  };

  const shown = visible.slice(-windowSize);
  return (
    <NorlogeScopeContext.Provider value={norlogeScope}>
      <div ref={scroller} onScroll={onScroll} className="flex-1 overflow-y-auto" role="log" aria-live="polite" aria-label={t("label")} data-testid="message-list">
        {!loaded ? <p className="p-4 text-muted">{t("loading")}</p> : null}
        {loaded && shown.length === 0 ? <p className="p-4 text-muted">{t("empty")}</p> : null}
        {shown.length < visible.length || hasOlder ? <p className="p-2 text-center text-xs text-muted">{t("older")}</p> : null}
        <div ref={content}>
          {shown.map((message, i) => {
            const previous = shown[i - 1];
            const newDay = !previous || dayOf(previous.ts) !== dayOf(message.ts);
            // The first unread message starts a group of its own: the line above it would otherwise leave it without its author.
            const compact = message.id !== firstUnread && continuesGroup(previous, message, mergeWindowSeconds);
            return (
              <Fragment key={message.id}>
                {newDay ? (
                  <div className="my-2 flex items-center gap-2 px-4 text-xs text-muted" role="separator">
                    <span className="h-px flex-1 bg-border" />
                    {times.date(message.ts, DAY)}
                    <span className="h-px flex-1 bg-border" />
                  </div>
                ) : null}
                {message.id === firstUnread ? (
                  <div className="my-1 flex items-center gap-2 px-4 text-xs font-semibold text-danger" role="separator" aria-label={t("newMessages")} data-testid="new-messages-line">
                    <span className="h-px flex-1 bg-danger" />
                    {t("newMessages")}
                    <span className="h-px flex-1 bg-danger" />
                  </div>
                ) : null}
                <MessageItem
                  message={message}
                  compact={compact}
                  ctx={ctx}
                  selected={message.id === selected}
                  command={command?.id === message.id ? command : null}
                />
              </Fragment>
            );
          })}
        </div>
      </div>
    </NorlogeScopeContext.Provider>
  );
}
