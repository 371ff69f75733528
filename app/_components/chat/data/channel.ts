"use client";

import { mutate } from "swr";
import { membersKey, receiptsKey, typingKey } from "./keys";
import { usePolled } from "./polled";

/** Who has read what in the open channel (`{ts: readers}`), every three seconds. */
export const useReadReceipts = (channel: string) => usePolled<Record<string, string[]>>(receiptsKey(channel), 3000);

/** Who is typing in the open channel, every second. */
export const useTyping = (channel: string) => usePolled<string[]>(typingKey(channel), 1000);

/** The open channel's members but the reader, every 30 seconds. */
export const useChannelMembers = (channel: string) => usePolled<string[]>(membersKey(channel), 30_000);

export const refreshChannelMembers = (channel: string) => void mutate(membersKey(channel));
