/**
 * Mark as unread (issue 16), on one user's message file: the reader's own copy goes back to unread from
 * one message on, so every count built on the read flag (channel unreads, DM unreads, mentions) moves
 * back to it. Nothing else changes: no other copy, no receipt, no `updated_ts`.
 */
import type { MessageFile } from "./store";

/**
 * Messages of others in `channel` from `from` on (in the view's order: time, then id) become unread for
 * `me`; answers how many were read before. The reader's own messages never count as unread, so they stay.
 */
export function markUnreadFrom(file: MessageFile, channel: string, me: string, from: { id: number; ts: number }): number {
  return file.write(
    () =>
      file
        .stmt("UPDATE messages SET read = 0 WHERE channel = ? AND sender != ? AND read = 1 AND (ts > ? OR (ts = ? AND id >= ?))")
        .run(channel, me, from.ts, from.ts, from.id).changes,
  );
}
