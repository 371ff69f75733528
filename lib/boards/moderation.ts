/** The admin role, reports and the moderators' thread actions. */
import "server-only";
import { db, nowSeconds } from "@/lib/db/client";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { textProblem } from "@/lib/text";
import { findBoard } from "./boards";
import { boardPost, formatTime, threadSummary } from "./format";
import { removeImages } from "./images";
import type { ReportEntry, ThreadAction, ThreadSummary } from "./index";
import { CooldownError, REASON_MAX, REPORTS_PER_HOUR, REPORTS_PER_PAGE } from "./rules";
import { MAX_PAGE, postNotFound, threadNotFound, threadOn } from "./posts";

export async function isAdmin(user: string | null): Promise<boolean> {
  if (!user) return false;
  const row = await db().user.findUnique({ where: { username: user }, select: { isAdmin: true } });
  return row?.isAdmin ?? false;
}

async function requireAdmin(user: string): Promise<void> {
  if (!(await isAdmin(user))) throw forbidden("only an admin can do this", "json");
}

/** Grants (or takes back) the admin role; returns the canonical username. For `npm run make-admin`. */
export async function setAdmin(typed: string, admin: boolean): Promise<string> {
  const user = await db().user.findUnique({ where: { usernameKey: typed.trim().toLowerCase() }, select: { username: true } });
  if (!user) throw notFound(`user '${typed}' does not exist`, "json");
  await db().user.update({ where: { username: user.username }, data: { isAdmin: admin } });
  return user.username;
}

export async function reportPost(user: string, board: string, threadId: number, postId: number, reason: string): Promise<void> {
  const text = reason.trim();
  if ([...text].length < 1 || [...text].length > REASON_MAX) throw invalid(`a reason must be 1-${REASON_MAX} characters`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw invalid("a reason may not contain control characters");
  const problem = textProblem(text);
  if (problem) throw invalid(`a reason ${problem}`);
  const thread = await threadOn(board, threadId);
  if (!thread) throw threadNotFound();
  const post = await db().boardPost.findUnique({ where: { id: postId }, select: { threadId: true, deleted: true } });
  if (!post || post.threadId !== threadId || post.deleted) throw postNotFound();
  const now = nowSeconds();
  const key = { postId_reporter: { postId, reporter: user } };
  if (!(await db().boardReport.findUnique({ where: key, select: { id: true } }))) {
    // A new report counts against the reporter's hourly cap; the queue is the admins' time.
    const recent = await db().boardReport.findMany({
      where: { reporter: user, created: { gt: now - 3600 } },
      orderBy: { created: "asc" },
      take: REPORTS_PER_HOUR,
      select: { created: true },
    });
    if (recent.length >= REPORTS_PER_HOUR) {
      const left = Math.max(1, Math.ceil(recent[0]!.created + 3600 - now));
      throw new CooldownError(`You have made ${REPORTS_PER_HOUR} reports this hour: wait ${left} second${left === 1 ? "" : "s"} before the next.`, left);
    }
  }
  try {
    // Reporting the same post again updates the reason (and brings it back to the top of the queue).
    await db().boardReport.upsert({ where: key, create: { postId, reporter: user, reason: text, created: now }, update: { reason: text, created: now } });
  } catch (err) {
    // The post was deleted meanwhile (its reports go with it).
    if ((err as { code?: string }).code === "P2003") throw postNotFound();
    throw err;
  }
}

export async function reportQueue(user: string, page = 1): Promise<ReportEntry[]> {
  await requireAdmin(user);
  if (!Number.isSafeInteger(page) || page < 1 || page > MAX_PAGE) throw invalid("page must be a whole number from 1");
  const reports = await db().boardReport.findMany({
    orderBy: [{ created: "desc" }, { id: "desc" }],
    skip: (page - 1) * REPORTS_PER_PAGE,
    take: REPORTS_PER_PAGE,
    include: { post: { include: { thread: { select: { board: true } } } } },
  });
  return reports.map((r) => ({
    id: r.id,
    post: boardPost(r.post),
    board: r.post.thread.board,
    reason: r.reason,
    reporter: r.reporter,
    created: formatTime(r.created),
  }));
}

export async function dismissReport(user: string, reportId: number): Promise<void> {
  await requireAdmin(user);
  const { count } = await db().boardReport.deleteMany({ where: { id: reportId } });
  if (count === 0) throw notFound("report not found", "json");
}

type FlagAction = "lock" | "unlock" | "sticky" | "unsticky";
const FLAGS: Record<FlagAction, { locked?: boolean; sticky?: boolean }> = {
  lock: { locked: true },
  unlock: { locked: false },
  sticky: { sticky: true },
  unsticky: { sticky: false },
};

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

/**
 * Inside a transaction: takes the write lock with a no-op write on the thread while it is still on
 * `board` (so a reply racing this action either lands before, and is counted, or finds it gone), then
 * counts its posts and collects its image keys. Not found when it was moved or deleted meanwhile.
 */
async function lockThread(tx: Tx, board: string, id: number): Promise<{ posts: number; images: string[]; lastPostAt: number | null }> {
  const claimed = await tx.$executeRaw`UPDATE "BoardThread" SET "board" = "board" WHERE "id" = ${id} AND "board" = ${board}`;
  if (claimed === 0) throw threadNotFound();
  const posts = await tx.boardPost.count({ where: { threadId: id } });
  const withImages = await tx.boardPost.findMany({
    where: { threadId: id, OR: [{ image: { not: null } }, { thumbnail: { not: null } }] },
    select: { image: true, thumbnail: true },
  });
  const last = await tx.boardPost.aggregate({ where: { threadId: id }, _max: { created: true } });
  const images = withImages.flatMap((p) => [p.image, p.thumbnail]).filter((key): key is string => !!key);
  return { posts, images, lastPostAt: last._max.created };
}

/** A board's last post time from the posts it still holds (each thread's newest post, by index). */
async function recomputeLastPostAt(tx: Tx, board: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "BoardStats" SET "lastPostAt" = (
      SELECT MAX((SELECT p."created" FROM "BoardPost" p WHERE p."threadId" = t."id" ORDER BY p."id" DESC LIMIT 1))
      FROM "BoardThread" t WHERE t."board" = ${board})
    WHERE "board" = ${board}`;
}

export async function moderateThread(user: string, board: string, id: number, action: ThreadAction): Promise<ThreadSummary | null> {
  await requireAdmin(user);
  const thread = await threadOn(board, id);
  if (!thread) throw threadNotFound();
  if (typeof action === "string" && action !== "delete") {
    // Conditional on the thread still being here: a racing delete or move answers 404, not a 500.
    const { count } = await db().boardThread.updateMany({ where: { id, board }, data: FLAGS[action] });
    const updated = count === 1 ? await db().boardThread.findUnique({ where: { id } }) : null;
    if (!updated) throw threadNotFound();
    return threadSummary(updated);
  }
  if (action === "delete") {
    const images = await db().$transaction(async (tx) => {
      const held = await lockThread(tx, board, id);
      await tx.boardThread.delete({ where: { id } }); // posts and their reports go with it
      await tx.boardStats.update({ where: { board }, data: { threads: { decrement: 1 }, posts: { decrement: held.posts } } });
      await recomputeLastPostAt(tx, board);
      return held.images;
    });
    // Only once the rows are gone for good: a rolled-back delete keeps its files.
    await removeImages(images);
    return null;
  }
  const target = action.move;
  if (!findBoard(target)) throw invalid(`no such board: ${target}`);
  if (target === board) return threadSummary(thread);
  const moved = await db().$transaction(async (tx) => {
    const held = await lockThread(tx, board, id);
    const row = await tx.boardThread.update({ where: { id }, data: { board: target } });
    await tx.boardStats.update({ where: { board }, data: { threads: { decrement: 1 }, posts: { decrement: held.posts } } });
    await recomputeLastPostAt(tx, board);
    const lastPostAt = held.lastPostAt ?? row.created;
    await tx.boardStats.upsert({
      where: { board: target },
      create: { board: target, threads: 1, posts: held.posts, lastPostAt },
      update: { threads: { increment: 1 }, posts: { increment: held.posts } },
    });
    // A moved thread's last post may be the target board's newest.
    await tx.boardStats.updateMany({ where: { board: target, OR: [{ lastPostAt: null }, { lastPostAt: { lt: lastPostAt } }] }, data: { lastPostAt } });
    return row;
  });
  return threadSummary(moved);
}
