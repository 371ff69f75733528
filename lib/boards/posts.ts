/** Threads and posts: listing, reading, posting, editing and deleting. */
import "server-only";
import { settings } from "@/lib/config";
import { db, nowSeconds } from "@/lib/db/client";
import { dialect } from "@/lib/db/dialect";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import type { BoardThread as ThreadRow } from "@/lib/generated/prisma/client";
import { nameProblem, textProblem } from "@/lib/text";
import { findBoard } from "./boards";
import { claimCooldown } from "./cooldown";
import { boardPost, threadSummary } from "./format";
import { BOARD_MEDIA_FOLDER, checkImage, removeImages, storeImage, type ReceivedImage, type StoredImage } from "./images";
import type { BoardPost, ThreadPage, ThreadSummary } from "./index";
import { CONTENT_MAX, THREADS_PER_PAGE, TITLE_MAX } from "./rules";
import { isAdmin } from "./moderation";

/** Past this page number the answer is 400, not a scan: no board holds 20 million threads. */
export const MAX_PAGE = 1_000_000;
const QUERY_MAX = 200;
/** The shortest search the trigram index can answer (prisma/migrations/…_boards_review; on PostgreSQL …_boards_search). */
const TRIGRAM = 3;

const length = (text: string) => [...text].length;
// Control characters other than tab and newlines never belong in a post; none at all in a title.
const CONTROL_IN_POST = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const CONTROL_IN_TITLE = /[\u0000-\u001f\u007f]/;
// Invisible characters that hide or disguise text (zero-width space, word joiner, invisible operators,
// the Mongolian vowel separator). Joiners (U+200C, U+200D) stay: emoji sequences and several scripts need them.
const ZERO_WIDTH = /[\u200b\u2060-\u2064\u180e]/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The chat's rule (lib/text.ts) for the kind of text, plus the zero-width characters; null when fine. */
function formattingProblem(text: string, rule: (value: string) => string | null): string | null {
  const zeroWidth = ZERO_WIDTH.exec(text);
  return rule(text) ?? (zeroWidth ? `contains a control or formatting character (${codePoint(zeroWidth[0])})` : null);
}

export const boardNotFound = () => notFound("board not found", "json");
export const threadNotFound = () => notFound("thread not found", "json");
export const postNotFound = () => notFound("post not found", "json");

/** A title is a label: one line, and no bidi or invisible formatting that could reorder or hide what it says. */
export function checkTitle(raw: string): string {
  const title = raw.trim();
  if (length(title) < 1 || length(title) > TITLE_MAX) throw invalid(`title must be 1-${TITLE_MAX} characters`);
  if (CONTROL_IN_TITLE.test(title)) throw invalid("title may not contain control characters");
  const problem = formattingProblem(title, nameProblem);
  if (problem) throw invalid(`title ${problem}`);
  return title;
}

/** A post is free text: the bidi marks right-to-left writers use stay; overrides and invisible characters do not. */
export function checkContent(content: string, hasImage: boolean): string {
  if (length(content) > CONTENT_MAX) throw invalid(`a post is at most ${CONTENT_MAX.toLocaleString("en-US")} characters`);
  if (CONTROL_IN_POST.test(content)) throw invalid("a post may not contain control characters");
  const problem = formattingProblem(content, textProblem);
  if (problem) throw invalid(`a post ${problem}`);
  if (!hasImage && content.trim() === "") throw invalid("a post needs text or an image");
  return content.replace(/\r\n?/g, "\n");
}

/** A board that exists, or not_found. */
export function requireBoard(board: string) {
  const found = findBoard(board);
  if (!found) throw boardNotFound();
  return found;
}

/** The thread when it is on `board`: a thread's id under another board is not found, as an unknown one. */
export async function threadOn(board: string, id: number): Promise<ThreadRow | null> {
  if (!findBoard(board)) return null;
  const thread = await db().boardThread.findUnique({ where: { id } });
  return thread && thread.board === board ? thread : null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The threads of these ids, in this order. */
async function threadsInOrder(ids: number[]): Promise<ThreadRow[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await db().boardThread.findMany({ where: { id: { in: ids } } })).map((t) => [t.id, t]));
  return ids.map((id) => byId.get(id)).filter((t): t is ThreadRow => !!t);
}

export async function listThreads(board: string, opts: { q?: string | null; page?: number }): Promise<ThreadPage> {
  requireBoard(board);
  const page = opts.page ?? 1;
  if (!Number.isSafeInteger(page) || page < 1 || page > MAX_PAGE) throw invalid("page must be a whole number from 1");
  const q = (opts.q ?? "").trim();
  if (length(q) > QUERY_MAX) throw invalid(`a search is at most ${QUERY_MAX} characters`);
  const offset = (page - 1) * THREADS_PER_PAGE;
  let total: number;
  let rows: ThreadRow[];
  if (!q) {
    const stats = await db().boardStats.findUnique({ where: { board } });
    total = stats?.threads ?? 0;
    if (offset >= total && page > 1) throw notFound("page not found", "json");
    // The page's ids from the index alone (it holds every column the order needs), then 20 rows: a deep
    // page skips index entries, never table rows.
    const ids = (await db().$queryRaw<Array<{ id: number }>>`
      SELECT "id" FROM "BoardThread" WHERE "board" = ${board}
      ORDER BY "sticky" DESC, "bumped" DESC, "id" DESC LIMIT ${THREADS_PER_PAGE} OFFSET ${offset}`).map((r) => Number(r.id));
    rows = await threadsInOrder(ids);
  } else {
    // Literal: `%` and `_` match themselves. Titles, and the text of posts not deleted. Walked in page
    // order and stopped one thread past this page: never every match, so `pages` reaches only the next page.
    const pattern = `%${escapeLike(q)}%`;
    const matching = (
      dialect() === "postgres"
        ? // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: ILIKE matches what SQLite matches. The
          // posts' trigram GIN index (prisma/postgres/migrations/…_boards_search) serves ILIKE of 3+ characters
          // directly; shorter terms scan, as on SQLite.
          await db().$queryRaw<Array<{ id: number }>>`
            SELECT t."id" FROM "BoardThread" t
            WHERE t."board" = ${board} AND (t."title" ILIKE ${pattern} ESCAPE '\\' OR t."id" IN (
              SELECT p."threadId" FROM "BoardPost" p
              WHERE p."content" ILIKE ${pattern} ESCAPE '\\' AND p."deleted" = false))
            ORDER BY t."sticky" DESC, t."bumped" DESC, t."id" DESC LIMIT ${THREADS_PER_PAGE + 1} OFFSET ${offset}`
        : length(q) >= TRIGRAM
          ? // The posts' trigram index finds the candidates (one quoted phrase: nothing in it is syntax);
            // LIKE confirms each, so matching is exactly what a scan would find.
            await db().$queryRaw<Array<{ id: number }>>`
              SELECT t."id" FROM "BoardThread" t
              WHERE t."board" = ${board} AND (t."title" LIKE ${pattern} ESCAPE '\\' OR t."id" IN (
                SELECT p."threadId" FROM "BoardPostSearch" s JOIN "BoardPost" p ON p."id" = s."rowid"
                WHERE "BoardPostSearch" MATCH ${`"${q.replace(/"/g, '""')}"`} AND p."deleted" = false AND p."content" LIKE ${pattern} ESCAPE '\\'))
              ORDER BY t."sticky" DESC, t."bumped" DESC, t."id" DESC LIMIT ${THREADS_PER_PAGE + 1} OFFSET ${offset}`
          : // Too short for trigrams: a scan, still stopped one thread past the page.
            await db().$queryRaw<Array<{ id: number }>>`
              SELECT t."id" FROM "BoardThread" t
              WHERE t."board" = ${board} AND (t."title" LIKE ${pattern} ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM "BoardPost" p WHERE p."threadId" = t."id" AND p."deleted" = false AND p."content" LIKE ${pattern} ESCAPE '\\'))
              ORDER BY t."sticky" DESC, t."bumped" DESC, t."id" DESC LIMIT ${THREADS_PER_PAGE + 1} OFFSET ${offset}`
    ).map((r) => Number(r.id));
    if (matching.length === 0 && page > 1) throw notFound("page not found", "json");
    total = offset + matching.length;
    rows = await threadsInOrder(matching.slice(0, THREADS_PER_PAGE));
  }
  return { threads: rows.map(threadSummary), page, pages: Math.max(1, Math.ceil(total / THREADS_PER_PAGE)) };
}

export async function threadView(board: string, id: number, opts?: { after?: number }): Promise<{ thread: ThreadSummary; posts: BoardPost[] } | null> {
  const thread = await threadOn(board, id);
  if (!thread) return null;
  const after = opts?.after;
  const rows = await db().boardPost.findMany({
    where: { threadId: id, ...(after !== undefined ? { id: { gt: after } } : {}) },
    orderBy: { id: "asc" },
  });
  return { thread: threadSummary(thread), posts: rows.map(boardPost) };
}

/** Runs `write` with the cooldown claimed and the image stored; a failure gives both back. */
async function withPostingResources<T>(
  user: string,
  kind: "thread" | "reply",
  image: ReceivedImage | null,
  write: (stored: StoredImage | null) => Promise<T>,
): Promise<T> {
  if (image) await checkImage(image); // a bad file is refused before the cooldown is spent
  const { thread_cooldown_seconds, reply_cooldown_seconds } = settings().boards;
  const release = await claimCooldown(user, kind, kind === "thread" ? thread_cooldown_seconds : reply_cooldown_seconds);
  let stored: StoredImage | null = null;
  try {
    stored = image ? await storeImage(image) : null;
    return await write(stored);
  } catch (err) {
    if (stored) await removeImages([stored.image, stored.thumbnail]);
    await release().catch(() => undefined);
    // The thread went away between the check and the write (a foreign key or a missing row).
    const code = (err as { code?: string }).code;
    if (code === "P2003" || code === "P2025") throw threadNotFound();
    throw err;
  }
}

export async function createThread(
  user: string,
  board: string,
  input: { title: string; content: string; image: ReceivedImage | null },
): Promise<{ thread: ThreadSummary; post: BoardPost }> {
  requireBoard(board);
  const title = checkTitle(input.title);
  const content = checkContent(input.content, !!input.image);
  return withPostingResources(user, "thread", input.image, async (stored) => {
    const now = nowSeconds();
    return db().$transaction(async (tx) => {
      const thread = await tx.boardThread.create({
        data: { board, title, author: user, created: now, bumped: now, images: stored ? 1 : 0 },
      });
      const post = await tx.boardPost.create({
        data: { threadId: thread.id, content, author: user, created: now, image: stored?.image ?? null, thumbnail: stored?.thumbnail ?? null },
      });
      await tx.boardStats.upsert({
        where: { board },
        create: { board, threads: 1, posts: 1, lastPostAt: now },
        update: { threads: { increment: 1 }, posts: { increment: 1 }, lastPostAt: now },
      });
      return { thread: threadSummary(thread), post: boardPost(post) };
    });
  });
}

export async function replyToThread(user: string, board: string, id: number, input: { content: string; image: ReceivedImage | null }): Promise<BoardPost> {
  const thread = await threadOn(board, id);
  if (!thread) throw threadNotFound();
  const admin = await isAdmin(user);
  if (thread.locked && !admin) throw forbidden("thread is locked", "json");
  const content = checkContent(input.content, !!input.image);
  const bumpLimit = settings().boards.bump_limit;
  return withPostingResources(user, "reply", input.image, async (stored) => {
    const now = nowSeconds();
    return db().$transaction(async (tx) => {
      // The thread row first, then the post: on PostgreSQL the post's foreign key takes a share lock on the
      // thread, and a thread delete holding its row lock would then deadlock with this update.
      // SET reads the old row: replies below the limit before this one means this reply still bumps.
      // Still on this board and, unless an admin posts, still open: a lock since the check wins.
      const updated = await tx.$executeRaw`
        UPDATE "BoardThread" SET "replies" = "replies" + 1, "images" = "images" + ${stored ? 1 : 0},
          "bumped" = CASE WHEN "replies" < ${bumpLimit} THEN ${now} ELSE "bumped" END
        WHERE "id" = ${id} AND "board" = ${board} AND ("locked" = false OR ${admin ? 1 : 0} = 1)`;
      if (updated !== 1) {
        // The transaction rolls back either way: locked meanwhile, or moved or deleted.
        const current = await tx.boardThread.findUnique({ where: { id }, select: { board: true, locked: true } });
        if (current?.board === board && current.locked) throw forbidden("thread is locked", "json");
        throw threadNotFound();
      }
      const post = await tx.boardPost.create({
        data: { threadId: id, content, author: user, created: now, image: stored?.image ?? null, thumbnail: stored?.thumbnail ?? null },
      });
      await tx.boardStats.upsert({
        where: { board },
        create: { board, threads: 0, posts: 1, lastPostAt: now },
        update: { posts: { increment: 1 }, lastPostAt: now },
      });
      return boardPost(post);
    });
  });
}

/** The post and its thread when both are where the URL says, or not_found. */
async function postAt(board: string, threadId: number, postId: number) {
  const thread = await threadOn(board, threadId);
  if (!thread) throw threadNotFound();
  const post = await db().boardPost.findUnique({ where: { id: postId } });
  if (!post || post.threadId !== threadId) throw postNotFound();
  return { thread, post };
}

export async function editPost(user: string, board: string, threadId: number, postId: number, content: string): Promise<BoardPost> {
  const { thread, post } = await postAt(board, threadId, postId);
  if (post.deleted) throw conflict("post was deleted");
  if (post.author !== user) throw forbidden("only the author can edit a post", "json");
  if (thread.locked) throw forbidden("thread is locked", "json");
  const text = checkContent(content, !!post.image);
  // Conditional on what was checked: a post deleted, or a thread locked, moved or deleted since is refused, not a 500.
  const { count } = await db().boardPost.updateMany({
    where: { id: postId, threadId, deleted: false, author: user, thread: { board, locked: false } },
    data: { content: text, edited: nowSeconds() },
  });
  const updated = count === 1 ? await db().boardPost.findUnique({ where: { id: postId } }) : null;
  if (!updated) throw postNotFound();
  return boardPost(updated);
}

export async function deletePost(user: string, board: string, threadId: number, postId: number): Promise<void> {
  const { post } = await postAt(board, threadId, postId);
  if (post.author !== user && !(await isAdmin(user))) throw forbidden("only the author or an admin can delete a post", "json");
  if (post.deleted) return;
  const tombstoned = await db().$transaction(async (tx) => {
    const { count } = await tx.boardPost.updateMany({
      where: { id: postId, threadId, deleted: false, thread: { board } },
      data: { deleted: true, content: "", image: null, thumbnail: null },
    });
    if (count === 0) {
      // Deleted by someone else meanwhile (done), or its thread went away (not found).
      const still = await tx.boardPost.findUnique({ where: { id: postId }, select: { deleted: true } });
      if (still?.deleted) return false;
      throw postNotFound();
    }
    if (post.image) await tx.boardThread.updateMany({ where: { id: threadId }, data: { images: { decrement: 1 } } });
    await tx.boardReport.deleteMany({ where: { postId } });
    return true;
  });
  if (tombstoned) await removeImages([post.image, post.thumbnail]);
}

const MEDIA_PREFIX_LENGTH = BOARD_MEDIA_FOLDER.length + 1;

/**
 * The `posts` JSON of a thread as one string, built by SQLite from an index range (the thread page
 * polls this every second, and a thread may hold thousands of posts). Null when the thread is not on
 * this board. Same values as threadView's posts, in the wire's keys.
 */
export async function threadPostsJson(board: string, id: number, after?: number): Promise<string | null> {
  if (!findBoard(board)) return null;
  // One query: the thread's board (null when there is no such thread) and the posts.
  const rows =
    dialect() === "postgres"
      ? // The same object per post, in the same key order, built by PostgreSQL (times in UTC, as SQLite's).
        await db().$queryRaw<Array<{ board: string | null; body: string | null }>>`
          SELECT (SELECT "board" FROM "BoardThread" WHERE "id" = ${id}) AS "board", json_agg(json_build_object(
            'id', "id",
            'content', CASE WHEN "deleted" THEN '' ELSE "content" END,
            'created', to_char(to_timestamp(trunc("created")) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
            'author', "author",
            'image_url', CASE WHEN "deleted" OR "image" IS NULL THEN NULL ELSE '/boards/media/' || substr("image", ${MEDIA_PREFIX_LENGTH + 1}) END,
            'thumbnail_url', CASE WHEN "deleted" OR "thumbnail" IS NULL THEN NULL ELSE '/boards/media/' || substr("thumbnail", ${MEDIA_PREFIX_LENGTH + 1}) END,
            'edited', CASE WHEN "edited" IS NULL THEN NULL ELSE to_char(to_timestamp(trunc("edited")) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') END,
            'deleted', "deleted"
          ) ORDER BY "id")::text AS "body"
          FROM "BoardPost" WHERE "threadId" = ${id} AND "id" > ${after ?? 0}`
      : await db().$queryRaw<Array<{ board: string | null; body: string | null }>>`
          SELECT (SELECT "board" FROM "BoardThread" WHERE "id" = ${id}) AS "board", json_group_array(json_object(
            'id', "id",
            'content', CASE WHEN "deleted" THEN '' ELSE "content" END,
            'created', strftime('%Y-%m-%d %H:%M:%S', CAST("created" AS INTEGER), 'unixepoch'),
            'author', "author",
            'image_url', CASE WHEN "deleted" OR "image" IS NULL THEN NULL ELSE '/boards/media/' || substr("image", ${MEDIA_PREFIX_LENGTH + 1}) END,
            'thumbnail_url', CASE WHEN "deleted" OR "thumbnail" IS NULL THEN NULL ELSE '/boards/media/' || substr("thumbnail", ${MEDIA_PREFIX_LENGTH + 1}) END,
            'edited', CASE WHEN "edited" IS NULL THEN NULL ELSE strftime('%Y-%m-%d %H:%M:%S', CAST("edited" AS INTEGER), 'unixepoch') END,
            'deleted', json(CASE WHEN "deleted" THEN 'true' ELSE 'false' END)
          )) AS "body"
          FROM (SELECT * FROM "BoardPost" WHERE "threadId" = ${id} AND "id" > ${after ?? 0} ORDER BY "id")`;
  const row = rows[0];
  if (!row || row.board !== board) return null;
  return row.body ?? "[]";
}
