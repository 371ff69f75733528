"use client";

import { mutate } from "swr";
import { enc, postForm } from "@/lib/client/api";
import { KEYS } from "./keys";
import { usePolled } from "./polled";

/** Unread messages per public channel (`{channel: count}`), every second. */
export const useUnreads = () => usePolled<Record<string, number>>(KEYS.unreads, 1000);

/** Unread messages that mention the reader, per channel and DM, every second. */
export const useMentions = () => usePolled<Record<string, number>>(KEYS.mentions, 1000);

/** Unread direct messages in all, every five seconds (the installed app's badge). */
export const useDmUnreadCount = () => usePolled<{ count: number }>(KEYS.dmUnreadCount, 5000);

/**
 * Marks a channel read, then refetches every count it changes. Only while the page is visible:
 * a hidden page has not been read.
 */
export function markChannelRead(channel: string): void {
  if (document.hidden) return;
  void postForm(`/mark_read/${enc(channel)}`, {})
    .then(() => Promise.all([mutate(KEYS.unreads), mutate(KEYS.mentions), mutate(KEYS.privateChannels), mutate(KEYS.dms), mutate(KEYS.dmUnreadCount)]))
    .catch(() => undefined);
}
