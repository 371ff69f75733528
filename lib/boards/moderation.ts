/** The admin role, reports and the moderators' thread actions. */
import "server-only";
import { db, nowSeconds } from "@/lib/db/client";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { findBoard } from "./boards";
import { boardPost, formatTime, threadSummary } from "./format";
import { removeImages } from "./images";
import type { ReportEntry, ThreadAction, ThreadSummary } from "./index";
import { REASON_MAX } from "./rules";
import { postNotFound, threadNotFound, threadOn } from "./posts";

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
  const thread = await threadOn(board, threadId);
  if (!thread) throw threadNotFound();
  const post = await db().boardPost.findUnique({ where: { id: postId }, select: { threadId: true, deleted: true } });
  if (!post || post.threadId !== threadId || post.deleted) throw postNotFound();
  await db().boardReport.create({ data: { postId, reporter: user, reason: text, created: nowSeconds() } });
}

export async function reportQueue(user: string): Promise<ReportEntry[]> {
  await requireAdmin(user);
  const reports = await db().boardReport.findMany({ orderBy: { id: "asc" }, take: 500, include: { post: { include: { thread: { select: { board: true } } } } } });
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

export async function moderateThread(user: string, board: string, id: number, action: ThreadAction): Promise<ThreadSummary | null> {
  await requireAdmin(user);
  const thread = await threadOn(board, id);
  if (!thread) throw threadNotFound();
  const flags: Record<"lock" | "unlock" | "sticky" | "unsticky", { locked?: boolean; sticky?: boolean }> = {
    lock: { locked: true },
    unlock: { locked: false },
    sticky: { sticky: true },
    unsticky: { sticky: false },
  };
  if (typeof action === "string" && action !== "delete") {
    return threadSummary(await db().boardThread.update({ where: { id }, data: flags[action] }));
  }
  const posts = thread.replies + 1;
  if (action === "delete") {
    const images = await db().boardPost.findMany({ where: { threadId: id, image: { not: null } }, select: { image: true, thumbnail: true } });
    await db().$transaction([
      db().boardThread.delete({ where: { id } }), // posts and their reports go with it
      db().boardStats.update({ where: { board }, data: { threads: { decrement: 1 }, posts: { decrement: posts } } }),
    ]);
    await removeImages(images.flatMap((p) => [p.image, p.thumbnail]));
    return null;
  }
  const target = action.move;
  if (!findBoard(target)) throw invalid(`no such board: ${target}`);
  if (target === board) return threadSummary(thread);
  const last = await db().boardPost.findFirst({ where: { threadId: id }, orderBy: { id: "desc" }, select: { created: true } });
  const lastPostAt = last?.created ?? thread.created;
  const [moved] = await db().$transaction([
    db().boardThread.update({ where: { id }, data: { board: target } }),
    db().boardStats.update({ where: { board }, data: { threads: { decrement: 1 }, posts: { decrement: posts } } }),
    db().boardStats.upsert({
      where: { board: target },
      create: { board: target, threads: 1, posts, lastPostAt },
      update: { threads: { increment: 1 }, posts: { increment: posts } },
    }),
  ]);
  // A moved thread's last post may be the target board's newest.
  await db().boardStats.updateMany({ where: { board: target, OR: [{ lastPostAt: null }, { lastPostAt: { lt: lastPostAt } }] }, data: { lastPostAt } });
  return threadSummary(moved);
}
