/**
 * Threads (issue 16): a reply belongs to the thread of the top of its reply chain (the root). Message
 * copies keep `reply_to_id` as sent (the parent a client quotes); the root, the thread-only flag and
 * each root's summary live in the shared database (ThreadMessage), with who follows each thread and how
 * far they have read it (ThreadFollow).
 *
 * Crash safety (port decision 2): a reply's ThreadMessage rows are written, marked pending, before its
 * message is submitted, so a reply that was acknowledged is in its thread after any crash. A send that
 * fails is taken out again; rows a crash left pending are settled against the message store the first
 * time this process needs thread data (kept when the message exists, dropped when it never became durable).
 */
import "server-only";
import { ANONYMOUS_SENDER, resolveChannel, SYSTEM_SENDER, type Channel } from "@/lib/channels";
import { db, nowSeconds } from "@/lib/db/client";
import { invalid, isDomainError, notFound } from "@/lib/errors";
import { publish } from "@/lib/events";
import { withLock } from "@/lib/locks";
import { MENTION_EVERYONE } from "@/lib/mentions";
import { messageStore, type MessageRow } from "@/lib/messages";
import { reactionMaps, type MessageWithReactions } from "./read";

/** How many of a thread's latest repliers a summary names. */
export const PARTICIPANTS_SHOWN = 5;
/** Longest reply chain walked up to find a root (replies made before threads existed have no row). */
const MAX_CHAIN = 200;

export interface ThreadSummary {
  /** Live replies (sends: a text and its attachments count once). */
  replyCount: number;
  lastReplyTs: number | null;
  /** The latest repliers, most recent first, at most PARTICIPANTS_SHOWN. */
  participants: string[];
}

/** What `/messages` shows of a row's thread: a root's summary, a reply's root and flag. */
export interface ThreadInfo {
  rootId: number | null;
  threadOnly: boolean;
  summary: ThreadSummary | null;
}

/** The thread a reply being sent joins. */
export interface ReplyThread {
  rootId: number;
  root: MessageRow;
  threadOnly: boolean;
}

const isPerson = (name: string) => name !== SYSTEM_SENDER && name !== ANONYMOUS_SENDER;

function parseParticipants(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

// ---- Settling what a crash left pending.

const processStart = nowSeconds();
let settling: Promise<void> | null = null;

/**
 * Once per process: pending rows older than this process are kept if their message exists, else dropped.
 * Rows whose channel still owes copies in the fan-out journal wait: their message may be acknowledged and
 * not yet in the sender's copy, so they are settled again on a later read, once the journal is replayed.
 */
export function settlePendingOnce(): Promise<void> {
  settling ??= settlePendingRows().then(
    (settled) => {
      if (!settled) settling = null;
    },
    (err: unknown) => {
      settling = null; // try again on the next read
      throw err;
    },
  );
  return settling;
}

/**
 * Settles the pending rows sent before `before` (seconds): this process's start unless a test says
 * otherwise. Answers whether every one was settled (false: some wait for the fan-out journal).
 */
export async function settlePendingRows(before = processStart): Promise<boolean> {
  const pending = await db().threadMessage.findMany({ where: { pending: true, ts: { lt: before } } });
  const roots = new Set<number>();
  let settled = true;
  for (const row of pending) {
    const exists = await messageStore().messageById(row.sender, row.messageId);
    if (exists) await db().threadMessage.update({ where: { messageId: row.messageId }, data: { pending: false } });
    else if ((await db().fanoutJournal.count({ where: { channel: row.channel } })) > 0) {
      settled = false; // its copies may still be on their way: never drop an acknowledged reply
      continue;
    } else await db().threadMessage.delete({ where: { messageId: row.messageId } });
    roots.add(row.rootId);
  }
  for (const rootId of roots) await recomputeSummary(rootId);
  return settled;
}

// ---- Roots and summaries.

/**
 * The root of the thread `row` (a message of `user`'s view) belongs to: its own thread row's root, else
 * up its reply chain (replies older than threads), else the row itself.
 */
export async function rootOf(user: string, row: MessageRow): Promise<number> {
  let current = row;
  for (let step = 0; step < MAX_CHAIN; step++) {
    const known = await db().threadMessage.findUnique({ where: { messageId: current.id }, select: { rootId: true } });
    if (known) return known.rootId;
    if (current.reply_to_id === null) return current.id;
    const parent = await messageStore().messageById(user, current.reply_to_id);
    if (!parent || parent.channel !== current.channel) return current.id;
    current = parent;
  }
  return current.id;
}

/** Recounts a root's summary from its reply rows (in-process lock: two replies never write a stale count). */
export function recomputeSummary(rootId: number): Promise<void> {
  return withLock(`thread:${rootId}`, async () => {
    const replies = await db().threadMessage.findMany({
      where: { rootId, deleted: false, messageId: { not: rootId } },
      orderBy: { messageId: "desc" },
      select: { messageId: true, unitId: true, sender: true, ts: true },
    });
    const sends = replies.filter((r) => r.messageId === r.unitId);
    const participants: string[] = [];
    for (const reply of sends) {
      if (participants.length >= PARTICIPANTS_SHOWN) break;
      if (!participants.includes(reply.sender)) participants.push(reply.sender);
    }
    const lastReplyTs = sends.length > 0 ? Math.max(...sends.map((r) => r.ts)) : null;
    await db().threadMessage.updateMany({
      where: { messageId: rootId },
      data: { replyCount: sends.length, lastReplyTs, participants: JSON.stringify(participants) },
    });
  });
}

const summaryOf = (row: { replyCount: number; lastReplyTs: number | null; participants: string }): ThreadSummary => ({
  replyCount: row.replyCount,
  lastReplyTs: row.lastReplyTs,
  participants: parseParticipants(row.participants),
});

interface ThreadFactsRow {
  messageId: number | bigint;
  rootId: number | bigint;
  threadOnly: boolean | number | bigint;
  replyCount: number | bigint;
  lastReplyTs: number | null;
  participants: string;
}

/**
 * Thread facts for the rows of a page: one query on the primary key (ids IN (...)). Written as SQL with
 * the ids inlined: they are integers of our own rows (checked), and Prisma's bound IN list of a 200-row
 * page costs ~20 times the query itself (measured by bench/threads-page.ts). One text for both engines.
 */
export async function threadInfo(ids: readonly number[]): Promise<Map<number, ThreadInfo>> {
  const out = new Map<number, ThreadInfo>();
  if (ids.length === 0) return out;
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error("threadInfo: message ids must be integers");
  await settlePendingOnce();
  const rows = await db().$queryRawUnsafe<ThreadFactsRow[]>(
    `SELECT "messageId", "rootId", "threadOnly", "replyCount", "lastReplyTs", "participants" FROM "ThreadMessage" WHERE "messageId" IN (${ids.join(",")})`,
  );
  for (const row of rows) {
    const messageId = Number(row.messageId);
    const rootId = Number(row.rootId);
    const isRoot = messageId === rootId;
    const summary = isRoot ? summaryOf({ replyCount: Number(row.replyCount), lastReplyTs: row.lastReplyTs === null ? null : Number(row.lastReplyTs), participants: row.participants }) : null;
    out.set(messageId, { rootId: isRoot ? null : rootId, threadOnly: Boolean(Number(row.threadOnly)), summary });
  }
  return out;
}

// ---- The send path (lib/messaging/write.ts).

/**
 * The thread a reply to `parent` joins. `threadOnly`: the reply stays in the thread panel of clients that
 * know threads (it is still a row of the channel for older clients, flagged).
 */
export async function replyThread(user: string, parent: MessageRow, threadOnly: boolean): Promise<ReplyThread> {
  const rootId = await rootOf(user, parent);
  const root = rootId === parent.id ? parent : await messageStore().messageById(user, rootId);
  if (!root) throw invalid("invalid reply_to_id", "plain");
  return { rootId, root, threadOnly };
}

/** Before the submit: the reply's rows are recorded (pending) and counted, the root's row made if new. */
export async function recordReply(thread: ReplyThread, rows: readonly MessageRow[]): Promise<void> {
  await settlePendingOnce();
  const { root } = thread;
  await db().threadMessage.upsert({
    where: { messageId: root.id },
    create: { messageId: root.id, rootId: root.id, unitId: root.unit_id, channel: root.channel, sender: root.sender, ts: root.ts },
    update: {},
  });
  await db().threadMessage.createMany({
    data: rows.map((row) => ({
      messageId: row.id,
      rootId: thread.rootId,
      unitId: row.unit_id,
      channel: row.channel,
      sender: row.sender,
      ts: row.ts,
      threadOnly: thread.threadOnly,
      pending: true,
    })),
  });
  await recomputeSummary(thread.rootId);
}

/** The submit failed: the reply is not in the thread either. */
export async function dropReply(thread: ReplyThread, rows: readonly MessageRow[]): Promise<void> {
  await db().threadMessage.deleteMany({ where: { messageId: { in: rows.map((r) => r.id) } } });
  await recomputeSummary(thread.rootId);
}

const mentioned = (mentions: string | null): string[] =>
  parseParticipants(mentions ?? "[]").filter((name) => name !== MENTION_EVERYONE && isPerson(name));

/**
 * After the submit: the reply is durable. The root's author follows (unless they unfollowed), the replier
 * and everyone mentioned in the reply or the root follow (again), the replier has read up to their reply,
 * and every other follower is told.
 */
export async function confirmReply(thread: ReplyThread, rows: readonly MessageRow[], channel: Channel): Promise<void> {
  const ids = rows.map((r) => r.id);
  await db().threadMessage.updateMany({ where: { messageId: { in: ids } }, data: { pending: false } });
  const sender = rows[0]?.sender ?? "";
  const now = nowSeconds();
  const lastId = Math.max(...ids);
  const rootId = thread.rootId;
  if (isPerson(thread.root.sender)) {
    await db().threadFollow.upsert({
      where: { rootId_username: { rootId, username: thread.root.sender } },
      create: { rootId, username: thread.root.sender, updatedAt: now },
      update: {},
    });
  }
  const joining = new Set([...mentioned(thread.root.mentions), ...rows.flatMap((r) => mentioned(r.mentions))]);
  joining.delete(sender);
  for (const username of joining) {
    await db().threadFollow.upsert({
      where: { rootId_username: { rootId, username } },
      create: { rootId, username, updatedAt: now },
      update: { following: true, updatedAt: now },
    });
  }
  if (isPerson(sender)) {
    await db().threadFollow.upsert({
      where: { rootId_username: { rootId, username: sender } },
      create: { rootId, username: sender, lastReadId: lastId, updatedAt: now },
      update: { following: true, lastReadId: lastId, updatedAt: now },
    });
  }
  const followers = await db().threadFollow.findMany({ where: { rootId, following: true, username: { not: sender } }, select: { username: true } });
  if (followers.length > 0) publish(followers.map((f) => f.username), { kind: "threads", channel: channel.id });
}

/** A message of a thread was edited: whoever its new text mentions follows the thread (as a reply's mention does). */
export async function mentionsEdited(id: number, mentions: string | null, editor: string): Promise<void> {
  const names = mentioned(mentions).filter((name) => name !== editor);
  if (names.length === 0) return;
  const entry = await db().threadMessage.findUnique({ where: { messageId: id }, select: { rootId: true } });
  if (!entry) return;
  const now = nowSeconds();
  for (const username of names) {
    await db().threadFollow.upsert({
      where: { rootId_username: { rootId: entry.rootId, username } },
      create: { rootId: entry.rootId, username, updatedAt: now },
      update: { following: true, updatedAt: now },
    });
  }
  publish(names, { kind: "threads" });
}

/** A send was deleted: its rows leave their thread's count. Answers the root to touch, if the send was a reply. */
export async function unitDeleted(unitId: number): Promise<number | null> {
  const rows = await db().threadMessage.findMany({ where: { unitId }, select: { messageId: true, rootId: true } });
  if (rows.length === 0) return null;
  await db().threadMessage.updateMany({ where: { unitId }, data: { deleted: true } });
  const roots = [...new Set(rows.filter((r) => r.messageId !== r.rootId).map((r) => r.rootId))];
  for (const rootId of roots) await recomputeSummary(rootId);
  return roots[0] ?? null;
}

// ---- Reads for the routes.

/** A message of the caller's view that names a thread (the root or any reply), with the thread's channel. */
async function locate(user: string, id: number): Promise<{ rootId: number; channel: Channel }> {
  await settlePendingOnce();
  const known = await db().threadMessage.findUnique({ where: { messageId: id }, select: { rootId: true, channel: true } });
  if (known) {
    // The thread's channel decides: a private channel or DM the caller is not in is refused as it is there.
    const channel = await resolveChannel(user, known.channel);
    if (!(await messageStore().messageById(user, id))) throw notFound();
    return { rootId: known.rootId, channel };
  }
  const row = await messageStore().messageById(user, id);
  if (!row) throw notFound();
  const channel = await resolveChannel(user, row.channel);
  return { rootId: await rootOf(user, row), channel };
}

export interface ThreadView {
  channel: Channel;
  root: MessageWithReactions;
  replies: MessageWithReactions[];
  summary: ThreadSummary;
  following: boolean;
  /** Replies of others after the caller last read the thread. */
  unread: number;
}

const EMPTY_SUMMARY: ThreadSummary = { replyCount: 0, lastReplyTs: null, participants: [] };

/** `GET /thread/<id>`: the root and every reply the caller's view holds, oldest first. */
export async function threadView(user: string, id: number): Promise<ThreadView> {
  const { rootId, channel } = await locate(user, id);
  const store = messageStore();
  const root = await store.messageById(user, rootId);
  if (!root) throw notFound();
  const entries = await db().threadMessage.findMany({ where: { rootId, messageId: { not: rootId } }, orderBy: { messageId: "asc" } });
  const replies = (await Promise.all(entries.map((e) => store.messageById(user, e.messageId)))).filter((r): r is MessageRow => r !== null);
  const maps = await reactionMaps([root, ...replies].filter((r) => r.reactions_ts !== null).map((r) => r.id));
  const withReactions = (row: MessageRow): MessageWithReactions => ({ row, reactions: maps.get(row.id) ?? null });
  const rootEntry = await db().threadMessage.findUnique({ where: { messageId: rootId } });
  const follow = await db().threadFollow.findUnique({ where: { rootId_username: { rootId, username: user } } });
  const unread = await unreadCounts(user, new Map([[rootId, follow?.lastReadId ?? 0]]));
  return {
    channel,
    root: withReactions(root),
    replies: replies.map(withReactions),
    summary: rootEntry ? summaryOf(rootEntry) : EMPTY_SUMMARY,
    following: follow?.following ?? false,
    unread: unread.get(rootId) ?? 0,
  };
}

/** Unread replies (sends of others, live) per root, after each root's last-read id. */
async function unreadCounts(user: string, lastRead: Map<number, number>): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (lastRead.size === 0) return out;
  const floor = Math.min(...lastRead.values());
  const rows = await db().threadMessage.findMany({
    where: { rootId: { in: [...lastRead.keys()] }, deleted: false, sender: { not: user }, messageId: { gt: floor } },
    select: { messageId: true, rootId: true, unitId: true },
  });
  for (const row of rows) {
    if (row.messageId === row.rootId || row.messageId !== row.unitId) continue;
    if (row.messageId <= (lastRead.get(row.rootId) ?? 0)) continue;
    out.set(row.rootId, (out.get(row.rootId) ?? 0) + 1);
  }
  return out;
}

/** The newest reply id of a thread (0 when none). */
async function newestReplyId(rootId: number): Promise<number> {
  const newest = await db().threadMessage.findFirst({ where: { rootId, messageId: { not: rootId } }, orderBy: { messageId: "desc" }, select: { messageId: true } });
  return newest?.messageId ?? 0;
}

/**
 * `POST /thread/<id>/follow` and `/unfollow`. Following afresh starts with nothing unread. Asking for what
 * already holds changes nothing (unfollowing a thread never followed included).
 */
export async function setFollowing(user: string, id: number, following: boolean): Promise<{ rootId: number; following: boolean }> {
  const { rootId, channel } = await locate(user, id);
  const now = nowSeconds();
  const existing = await db().threadFollow.findUnique({ where: { rootId_username: { rootId, username: user } } });
  if ((existing?.following ?? false) === following) return { rootId, following };
  const lastReadId = following && !existing?.following ? await newestReplyId(rootId) : (existing?.lastReadId ?? 0);
  await db().threadFollow.upsert({
    where: { rootId_username: { rootId, username: user } },
    create: { rootId, username: user, following, lastReadId, updatedAt: now },
    update: { following, lastReadId, updatedAt: now },
  });
  publish([user], { kind: "threads", channel: channel.id });
  return { rootId, following };
}

/** `POST /thread/<id>/read`: every reply of the thread so far is read by the caller. */
export async function markThreadRead(user: string, id: number): Promise<{ rootId: number }> {
  const { rootId, channel } = await locate(user, id);
  const lastReadId = await newestReplyId(rootId);
  const existing = await db().threadFollow.findUnique({ where: { rootId_username: { rootId, username: user } }, select: { lastReadId: true } });
  if ((existing?.lastReadId ?? 0) >= lastReadId) return { rootId }; // read already: nothing changes
  const now = nowSeconds();
  await db().threadFollow.upsert({
    where: { rootId_username: { rootId, username: user } },
    // Reading a thread one does not follow leaves it unfollowed (but remembers the reading).
    create: { rootId, username: user, following: false, lastReadId, updatedAt: now },
    update: { lastReadId, updatedAt: now },
  });
  publish([user], { kind: "threads", channel: channel.id });
  return { rootId };
}

export interface FollowedThread {
  channel: Channel;
  root: MessageWithReactions;
  summary: ThreadSummary;
  unread: number;
  /** The newest reply's time, else the root's. */
  lastActivity: number;
}

/** The most followed threads `GET /threads` lists. */
export const FOLLOWED_MAX = 200;

/** `GET /threads`: the caller's followed threads they can still see, newest activity first. */
export async function followedThreads(user: string): Promise<{ threads: FollowedThread[]; totalUnread: number; unreadThreads: number }> {
  await settlePendingOnce();
  const follows = await db().threadFollow.findMany({ where: { username: user, following: true }, select: { rootId: true, lastReadId: true } });
  const roots = new Map(
    (await db().threadMessage.findMany({ where: { messageId: { in: follows.map((f) => f.rootId) } } })).map((r) => [r.messageId, r]),
  );
  const channels = new Map<string, Channel | null>();
  const visible: FollowedThread[] = [];
  const lastRead = new Map<number, number>();
  for (const follow of follows) {
    const entry = roots.get(follow.rootId);
    const row = await messageStore().messageById(user, follow.rootId);
    if (!row) continue;
    const channelId = entry?.channel ?? row.channel;
    if (!channels.has(channelId)) {
      try {
        channels.set(channelId, await resolveChannel(user, channelId));
      } catch (err) {
        if (!isDomainError(err)) throw err;
        channels.set(channelId, null);
      }
    }
    const channel = channels.get(channelId);
    if (!channel) continue;
    const summary = entry ? summaryOf(entry) : EMPTY_SUMMARY;
    lastRead.set(follow.rootId, follow.lastReadId);
    visible.push({ channel, root: { row, reactions: null }, summary, unread: 0, lastActivity: summary.lastReplyTs ?? row.ts });
  }
  visible.sort((a, b) => b.lastActivity - a.lastActivity || b.root.row.id - a.root.row.id);
  const shown = visible.slice(0, FOLLOWED_MAX);
  const unread = await unreadCounts(user, new Map(shown.map((t) => [t.root.row.id, lastRead.get(t.root.row.id) ?? 0])));
  const maps = await reactionMaps(shown.filter((t) => t.root.row.reactions_ts !== null).map((t) => t.root.row.id));
  for (const thread of shown) {
    thread.unread = unread.get(thread.root.row.id) ?? 0;
    thread.root.reactions = maps.get(thread.root.row.id) ?? null;
  }
  return {
    threads: shown,
    totalUnread: shown.reduce((sum, t) => sum + t.unread, 0),
    unreadThreads: shown.filter((t) => t.unread > 0).length,
  };
}

// ---- Retention.

/** Ids per statement when forgetting purged threads (an `IN` list stays well under the engines' limits). */
const PURGE_CHUNK = 500;

/**
 * Retention removed the messages older than `cutoff`: the threads whose root went with them are
 * forgotten (their rows and follows); their younger replies stay in the channel as plain messages,
 * and a reply to one of them starts a thread of its own. Replies are never older than their root, so a
 * thread whose root remains lost none of its replies. Answers how many threads were forgotten.
 */
export async function forgetPurgedThreads(cutoff: number): Promise<number> {
  const old = await db().threadMessage.findMany({ where: { ts: { lt: cutoff } }, select: { messageId: true, rootId: true } });
  const roots = old.filter((row) => row.messageId === row.rootId).map((row) => row.rootId);
  for (let i = 0; i < roots.length; i += PURGE_CHUNK) {
    const chunk = roots.slice(i, i + PURGE_CHUNK);
    await db().$transaction([
      db().threadMessage.deleteMany({ where: { rootId: { in: chunk } } }),
      db().threadFollow.deleteMany({ where: { rootId: { in: chunk } } }),
    ]);
  }
  // Rows of purged messages whose root is still there (a root younger than a reply: clocks that moved back).
  const forgotten = new Set(roots);
  const strays = new Set(old.filter((row) => !forgotten.has(row.rootId)).map((row) => row.rootId));
  if (strays.size > 0) {
    await db().threadMessage.deleteMany({ where: { ts: { lt: cutoff } } });
    for (const rootId of strays) await recomputeSummary(rootId);
  }
  return roots.length;
}

// ---- Accounts.

/**
 * An account is deleted (after its messages were rewritten): its follows go; its replies are kept under
 * `keptAs` (soft) or leave their threads (hard), and the summaries that named it are recounted.
 */
export async function forgetThreadAccount(username: string, removal: { kind: "soft"; keptAs: string } | { kind: "hard" }): Promise<void> {
  await db().threadFollow.deleteMany({ where: { username } });
  const touched = await db().threadMessage.findMany({ where: { sender: username }, select: { rootId: true, messageId: true } });
  if (touched.length === 0) return;
  if (removal.kind === "soft") await db().threadMessage.updateMany({ where: { sender: username }, data: { sender: removal.keptAs } });
  else await db().threadMessage.updateMany({ where: { sender: username }, data: { deleted: true } });
  for (const rootId of new Set(touched.map((t) => t.rootId))) await recomputeSummary(rootId);
}
