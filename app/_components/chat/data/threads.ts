"use client";

import useSWR, { mutate } from "swr";
import { postForm } from "@/lib/client/api";
import type { ApiFollowedThreads, ApiThread } from "@/lib/chat/wire";
import type { ChangeEvent, Message } from "@/lib/client/types";
import { fetcher } from "./polled";

/**
 * The web client's side of threads (issue 16): one thread for the panel (`GET /thread/<id>`), the
 * followed threads for the Threads badge (`GET /threads`), and the thread's actions. Refreshed by the
 * `threads` change notice and by the open channel's message refreshes, not polled on their own.
 */

export type Thread = ApiThread;
export type FollowedThreads = ApiFollowedThreads;

export const threadKey = (rootId: number) => `/thread/${rootId}`;
export const FOLLOWED_KEY = "/threads";

const options = { revalidateOnFocus: false } as const;

/** The thread whose root (or any reply) is `id` (null: no panel open). */
export const useThread = (id: number | null) => useSWR<Thread>(id === null ? null : threadKey(id), fetcher, options);

/** The followed threads and their unread totals: refreshed by `threads` notices, and every 30 s without them. */
export const useFollowedThreads = () => useSWR<FollowedThreads>(FOLLOWED_KEY, fetcher, { ...options, refreshInterval: 30_000 });

/** Whether a row is a reply kept to its thread: the channel view leaves it to the thread panel. */
export const isThreadOnly = (m: Message) => m.thread_only === 1;

/** The thread a row opens: a reply's root, else the row itself. */
export const threadRootOf = (m: Message) => m.root_id ?? m.id;

/**
 * Sends a reply from the thread panel: it stays in the thread unless `alsoToChannel`. Answers the new
 * message's id.
 */
export async function sendThreadReply(channel: string, rootId: number, text: string, alsoToChannel: boolean): Promise<number> {
  const res = await postForm(`/send/${encodeURIComponent(channel)}`, { text, reply_to_id: String(rootId), thread_only: alsoToChannel ? "0" : "1" });
  await Promise.all([mutate(threadKey(rootId)), mutate(FOLLOWED_KEY)]);
  return Number(res.headers.get("X-Message-Id") ?? 0);
}

export async function followThread(rootId: number, following: boolean): Promise<void> {
  await postForm(`/thread/${rootId}/${following ? "follow" : "unfollow"}`, {});
  await Promise.all([mutate(threadKey(rootId)), mutate(FOLLOWED_KEY)]);
}

/** Everything in the thread so far is read by the reader (the panel calls it while the thread is on screen). */
export async function markThreadRead(rootId: number): Promise<void> {
  await postForm(`/thread/${rootId}/read`, {});
  await mutate(FOLLOWED_KEY);
}

/** What a `threads` or `messages` notice makes stale: the followed list, and any thread panel on screen. */
export function refreshOnThreadNotice(event: ChangeEvent): void {
  if (event.kind !== "threads" && event.kind !== "messages") return;
  if (event.kind === "threads") void mutate(FOLLOWED_KEY);
  void mutate((key) => typeof key === "string" && key.startsWith("/thread/"));
}
