/** Rows to the wire shapes of ./index. */
import type { BoardPost as PostRow, BoardThread as ThreadRow } from "@/lib/generated/prisma/client";
import type { BoardPost, ThreadSummary } from "./index";

/** "YYYY-MM-DD HH:MM:SS" in UTC, as the original's JSON wrote times. */
export function formatTime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** Public address of a stored board image (served by app/boards/media/[name]). */
export const mediaUrl = (key: string) => `/boards/media/${key.slice(key.indexOf("/") + 1)}`;

export function threadSummary(row: ThreadRow): ThreadSummary {
  return {
    id: row.id,
    board: row.board,
    title: row.title,
    author: row.author,
    created: formatTime(row.created),
    bumped: formatTime(row.bumped),
    replies: row.replies,
    images: row.images,
    sticky: row.sticky,
    locked: row.locked,
  };
}

export function boardPost(row: PostRow): BoardPost {
  return {
    id: row.id,
    thread_id: row.threadId,
    content: row.deleted ? "" : row.content,
    author: row.author,
    created: formatTime(row.created),
    created_ts: row.created,
    edited_ts: row.edited,
    deleted: row.deleted,
    image_url: row.image && !row.deleted ? mediaUrl(row.image) : null,
    thumbnail_url: row.thumbnail && !row.deleted ? mediaUrl(row.thumbnail) : null,
  };
}
