"use client";

import { Fragment, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Message } from "@/lib/client/types";
import { MessageItem, type ItemCommand, type MessageContext } from "./message-item";

const PAGE = 60;
const GROUP_SECONDS = 300;

const dayOf = (ts: number) => new Date(ts * 1000).toDateString();
const dayLabel = (ts: number) =>
  new Date(ts * 1000).toLocaleDateString([], { weekday: "long", year: "numeric", month: "long", day: "numeric" });

/**
 * The channel's messages, newest at the bottom. Only the last PAGE rows (more as you scroll up) are
 * rendered; older ones load without moving what you are reading, and new ones keep you at the
 * bottom if you were there.
 */
/** Keyed by channel by its parent, so each channel starts at the bottom with a fresh window. */
export function MessageList({ messages, loaded, ctx, jumpTarget, hasOlder, onNeedOlder, selected = null, command = null }: {
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
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [limit, setLimit] = useState(PAGE);
  const atBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const visible = messages.filter((m) => !m.deleted);

  // A jump target older than the window widens it.
  const jumpIndex = jumpTarget === null ? -1 : visible.findIndex((m) => m.id === jumpTarget);
  const windowSize = jumpIndex >= 0 ? Math.max(limit, visible.length - jumpIndex + 20) : limit;

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
    el.classList.add("flash");
    setTimeout(() => el.classList.remove("flash"), 1200);
  });

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
    <div ref={scroller} onScroll={onScroll} className="flex-1 overflow-y-auto" role="log" aria-live="polite" aria-label="Messages" data-testid="message-list">
      {!loaded ? <p className="p-4 text-muted">Loading messages{"\u2026"}</p> : null}
      {loaded && shown.length === 0 ? <p className="p-4 text-muted">No messages yet. Say hello!</p> : null}
      {shown.length < visible.length || hasOlder ? <p className="p-2 text-center text-xs text-muted">Scroll up for older messages</p> : null}
      {shown.map((message, i) => {
        const previous = shown[i - 1];
        const newDay = !previous || dayOf(previous.ts) !== dayOf(message.ts);
        const compact =
          !newDay &&
          !!previous &&
          previous.sender === message.sender &&
          previous.content_type !== "system" &&
          message.content_type !== "system" &&
          message.ts - previous.ts < GROUP_SECONDS &&
          !message.reply_to_id;
        return (
          <Fragment key={message.id}>
            {newDay ? (
              <div className="my-2 flex items-center gap-2 px-4 text-xs text-muted" role="separator">
                <span className="h-px flex-1 bg-border" />
                {dayLabel(message.ts)}
                <span className="h-px flex-1 bg-border" />
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
  );
}
