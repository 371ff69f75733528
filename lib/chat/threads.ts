/**
 * The chat's wire shapes for threads (issue 16): `GET /thread/<id>`, `GET /threads`, follow, unfollow
 * and read. Rows are shaped as `/messages` shapes them; the work is lib/messaging/threads.ts's.
 */
import "server-only";
import { DomainError, isDomainError } from "@/lib/errors";
import * as threads from "@/lib/messaging/threads";
import { present } from "./messages";
import type { ApiMessage, ApiThread, ApiThreadSummary, FollowedThreadEntry } from "./wire";

export type { ApiThread, ApiThreadSummary, FollowedThreadEntry };

/** These are new routes: refusals are JSON (`{"error": "forbidden"}`), whatever style the channel check used. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isDomainError(err) && err.style !== "json") throw new DomainError(err.code, err.message, "json");
    throw err;
  }
}

const summaryJson = (summary: threads.ThreadSummary): ApiThreadSummary => ({
  reply_count: summary.replyCount,
  last_reply_ts: summary.lastReplyTs,
  participants: summary.participants,
});

function row(entry: threads.ThreadView["root"], info: threads.ThreadInfo): ApiMessage {
  return present(entry.row, entry.reactions ? JSON.stringify(entry.reactions) : null, info);
}

/** `GET /thread/<id>` (the root's id or any reply's): the root and every reply, oldest first. */
export async function getThread(user: string, id: number): Promise<ApiThread> {
  const view = await answering(() => threads.threadView(user, id));
  const rootId = view.root.row.id;
  const rows = await threads.threadInfo([rootId, ...view.replies.map((r) => r.row.id)]);
  const info = (messageId: number): threads.ThreadInfo => rows.get(messageId) ?? { rootId: messageId === rootId ? null : rootId, threadOnly: false, summary: null };
  return {
    root_id: rootId,
    channel: view.channel.id,
    root: row(view.root, info(rootId)),
    replies: view.replies.map((reply) => row(reply, info(reply.row.id))),
    summary: summaryJson(view.summary),
    following: view.following,
    unread: view.unread,
  };
}

/** `GET /threads`: followed threads, newest activity first, with unread replies and the badge's totals. */
export async function listFollowedThreads(user: string): Promise<{ threads: FollowedThreadEntry[]; total_unread: number; unread_threads: number }> {
  const followed = await threads.followedThreads(user);
  return {
    threads: followed.threads.map((thread) => ({
      root_id: thread.root.row.id,
      channel: thread.channel.id,
      root: row(thread.root, { rootId: null, threadOnly: false, summary: thread.summary }),
      summary: summaryJson(thread.summary),
      unread: thread.unread,
      last_activity: thread.lastActivity,
    })),
    total_unread: followed.totalUnread,
    unread_threads: followed.unreadThreads,
  };
}

/** `POST /thread/<id>/follow` and `/unfollow`. */
export async function follow(user: string, id: number, following: boolean): Promise<{ root_id: number; following: boolean }> {
  const done = await answering(() => threads.setFollowing(user, id, following));
  return { root_id: done.rootId, following: done.following };
}

/** `POST /thread/<id>/read`. */
export async function markRead(user: string, id: number): Promise<{ root_id: number; unread: number }> {
  const done = await answering(() => threads.markThreadRead(user, id));
  return { root_id: done.rootId, unread: 0 };
}
