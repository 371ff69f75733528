/**
 * The boards (issue 12): topic boards, threads and posts with images, in the shared database.
 *
 * The seam between the route handlers and pages (app/boards/**) and the domain. Server-only.
 *
 * Paths (all under /boards/, App Router; a static segment wins over `[board]`, so the names in
 * RESERVED_BOARD_SLUGS of lib/config.ts can never be boards):
 *   pages (ui):  /boards/  /boards/boards/<letter>/  /boards/<board>/?q=&page=  /boards/<board>/<id>/
 *   JSON / POST (route handlers): boards.json, media/<name>, <board>/new, <board>/threads.json,
 *   <board>/<id>/reply, <board>/<id>/posts?after=, <board>/<id>/posts/<post>/{edit,delete,report},
 *   <board>/<id>/{lock,unlock,sticky,unsticky,move,delete}, reports.json, reports/<report>/dismiss.
 *   A form post answers 302 (to the thread; to the board after a thread delete); with
 *   `Accept: application/json` or a JSON body it answers JSON (201 with the created `{thread, post}` or
 *   post; 200 with the edited post or the moderated thread; `{"ok": true}` for deletes, reports and
 *   dismissals). Failures answer `{"error": "…"}` to JSON callers and from the JSON endpoints
 *   (threads.json, posts, reports.json), the bare message as text/plain to others (the original's
 *   `400 Invalid file type.`, `413 File is too large (max 2MB).`). Missing form fields: 400
 *   `missing field: <name>`. Anonymous posts: 401 `{"error":"unauthorized"}`.
 *   threads.json answers `{board, threads: ThreadSummary[], page, pages}`; posts answers an array of
 *   `{id, content, created, author, image_url, thumbnail_url, edited, deleted}` (`edited` like `created`).
 *
 * Errors are DomainErrors (@/lib/errors): not_found (unknown board, thread, post, or a thread asked
 * under another board), forbidden (not the author, not an admin, a locked thread), invalid (bad input),
 * too_large, and rate_limited as a `CooldownError` whose `retryAfter` is the seconds left (the routes
 * send it as `Retry-After`). Times: "YYYY-MM-DD HH:MM:SS" UTC strings, `*_ts` epoch seconds.
 *
 * Counting: `replies` are the posts after the opening one (tombstones included); `images` the images
 * still shown in the thread. Post ids are global (`>>123` names post 123 wherever it is).
 */
import "server-only";
import type { ReceivedImage } from "./images";
import {
  boardList as listBoards,
  boardSummaries as summaries,
  findBoard as lookUpBoard,
} from "./boards";
import * as posts from "./posts";
import * as moderation from "./moderation";

export type { ReceivedImage } from "./images";
export { authorLooks, type AuthorLooks } from "./people";
/** A hard account delete: the account's posts become tombstones (text, images and their files gone). */
export { tombstonePostsOf } from "./accounts";

export type BoardInfo = { slug: string; title: string; description: string };
export type BoardSummary = BoardInfo & { threads: number; posts: number; last_post_at: string | null };
export type ThreadSummary = {
  id: number;
  board: string;
  title: string;
  author: string | null;
  created: string;
  bumped: string;
  replies: number;
  images: number;
  sticky: boolean;
  locked: boolean;
};
export type BoardPost = {
  id: number;
  thread_id: number;
  content: string;
  author: string | null;
  /** "YYYY-MM-DD HH:MM:SS" UTC, when the post was made. */
  created: string;
  /** Seconds. */
  created_ts: number;
  edited_ts: number | null;
  deleted: boolean;
  image_url: string | null;
  thumbnail_url: string | null;
};
export type ThreadPage = { threads: ThreadSummary[]; page: number; pages: number };
export type ReportEntry = { id: number; post: BoardPost; board: string; reason: string; reporter: string; created: string };
export type ThreadAction = "lock" | "unlock" | "sticky" | "unsticky" | "delete" | { move: string };

export { CONTENT_MAX, CooldownError, REASON_MAX, REPORTS_PER_HOUR, REPORTS_PER_PAGE, THREADS_PER_PAGE, TITLE_MAX } from "./rules";

/** The boards in settings order; a single letter keeps those whose slug starts with it (any other value: all). */
export function boardList(letter?: string | null): BoardInfo[] {
  return listBoards(letter);
}

/** Every board with its totals (boards.json). */
export async function boardSummaries(): Promise<BoardSummary[]> {
  return summaries();
}

export function findBoard(slug: string): BoardInfo | null {
  return lookUpBoard(slug);
}

/**
 * Sticky first, then bump order, 20 a page; `q` searches titles and bodies literally. Unknown board, or a
 * page past the last: not_found. A search stops one match past its page, so its `pages` is this page,
 * or the next when there are more matches (never a count of them all).
 */
export async function listThreads(board: string, opts: { q?: string | null; page?: number }): Promise<ThreadPage> {
  return posts.listThreads(board, opts);
}

/** The thread and its posts (oldest first; only ids above `after` when given); null when unknown or on another board. */
export async function threadView(board: string, id: number, opts?: { after?: number }): Promise<{ thread: ThreadSummary; posts: BoardPost[] } | null> {
  return posts.threadView(board, id, opts);
}

/**
 * The same posts as `threadView`, as the `GET …/posts` JSON array (`id`, `content`, `created`, `author`,
 * `image_url`, `thumbnail_url`, `edited`, `deleted`), built in one query; null when unknown or on another board.
 */
export async function threadPostsJson(board: string, id: number, after?: number): Promise<string | null> {
  return posts.threadPostsJson(board, id, after);
}

export async function createThread(
  user: string,
  board: string,
  input: { title: string; content: string; image: ReceivedImage | null },
): Promise<{ thread: ThreadSummary; post: BoardPost }> {
  return posts.createThread(user, board, input);
}

export async function replyToThread(user: string, board: string, id: number, input: { content: string; image: ReceivedImage | null }): Promise<BoardPost> {
  return posts.replyToThread(user, board, id, input);
}

/** The author only; keeps the edit time. */
export async function editPost(user: string, board: string, threadId: number, postId: number, content: string): Promise<BoardPost> {
  return posts.editPost(user, board, threadId, postId, content);
}

/** The author or an admin; leaves a tombstone and removes the image. */
export async function deletePost(user: string, board: string, threadId: number, postId: number): Promise<void> {
  return posts.deletePost(user, board, threadId, postId);
}

/** One report per post and reporter (again: the reason is updated); at most REPORTS_PER_HOUR new ones an hour (429). */
export async function reportPost(user: string, board: string, threadId: number, postId: number, reason: string): Promise<void> {
  return moderation.reportPost(user, board, threadId, postId, reason);
}

/** Admins only. Returns the thread after the action, or null after `delete`. */
export async function moderateThread(user: string, board: string, id: number, action: ThreadAction): Promise<ThreadSummary | null> {
  return moderation.moderateThread(user, board, id, action);
}

/** Open reports, newest first, REPORTS_PER_PAGE a page (admins only). One per post and reporter. */
export async function reportQueue(user: string, page = 1): Promise<ReportEntry[]> {
  return moderation.reportQueue(user, page);
}

/** Closes a report (admins only). */
export async function dismissReport(user: string, reportId: number): Promise<void> {
  return moderation.dismissReport(user, reportId);
}

export async function isAdmin(user: string | null): Promise<boolean> {
  return moderation.isAdmin(user);
}
