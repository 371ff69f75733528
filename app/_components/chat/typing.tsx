"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import type { Message } from "@/lib/client/types";

/**
 * The server reports someone typing for up to six seconds after their last keystroke (a five-second
 * window over whole seconds), so their message usually lands while they are still listed.
 */
const TYPING_AFTER_MESSAGE_MS = 6000;

/**
 * Who is typing, less anyone whose message just arrived: their typing ended with it. The hush lasts
 * until the server stops reporting them (so typing again shows at once) or its report runs out.
 */
export function useTypers(reported: string[] | undefined, channel: string, me: string) {
  const [hushed, setHushed] = useState<{ channel: string; at: ReadonlyMap<string, number> }>(() => ({ channel, at: new Map() }));
  const at = hushed.channel === channel ? hushed.at : null;
  useEffect(() => {
    if (!at?.size) return;
    const now = Date.now();
    const over = [...at].filter(([user, since]) => !reported?.includes(user) || now - since >= TYPING_AFTER_MESSAGE_MS);
    const drop = (users: string[]) =>
      setHushed((prev) => ({ channel: prev.channel, at: new Map([...prev.at].filter(([user]) => !users.includes(user))) }));
    if (over.length) return drop(over.map(([user]) => user));
    const next = Math.min(...[...at.values()]) + TYPING_AFTER_MESSAGE_MS - now;
    const timer = setTimeout(() => drop([...at].filter(([, since]) => Date.now() - since >= TYPING_AFTER_MESSAGE_MS).map(([user]) => user)), next);
    return () => clearTimeout(timer);
  }, [at, reported]);
  const hush = useCallback(
    (rows: Message[]) => {
      const senders = rows.filter((row) => row.sender !== me).map((row) => row.sender);
      if (!senders.length) return;
      const now = Date.now();
      setHushed((prev) => ({ channel, at: new Map([...(prev.channel === channel ? prev.at : []), ...senders.map((u): [string, number] => [u, now])]) }));
    },
    [channel, me],
  );
  return { typers: (reported ?? []).filter((user) => !at?.has(user)), hush };
}

/**
 * Opening a channel (or the page) just after someone's message: it arrived before we looked, so
 * their typing has ended all the same.
 */
export function useHushOnOpen(channel: string, loaded: boolean, messages: Message[], hush: (rows: Message[]) => void): void {
  const typingChecked = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded || typingChecked.current === channel) return;
    typingChecked.current = channel;
    const now = Date.now();
    hush(messages.filter((m) => now - m.ts * 1000 < TYPING_AFTER_MESSAGE_MS));
  }, [loaded, channel, messages, hush]);
}

export function TypingLine({ typers }: { typers: string[] }) {
  const t = useTranslations("shell.typing");
  const [first = "", second = ""] = typers;
  return (
    <div className="h-5 px-4 text-xs text-muted" aria-live="polite" data-testid="typing">
      {typers.length === 0 ? "" : typers.length > 2 ? t("several") : typers.length === 2 ? t("two", { first, second }) : t("one", { name: first })}
    </div>
  );
}
