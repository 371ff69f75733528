/**
 * The face-neutral commands on messages: send, edit, delete, react, mark read and system notices.
 * Each checks access, writes through the MessageStore (journaled, to every copy) and tells connected
 * clients. Wire shapes and parsing belong to the faces (lib/chat, later the tribune and the boards).
 */
import "server-only";
import { ANONYMOUS_SENDER, channelRecipients, isArchivedChannel, isPublicChannel, publicChannelsReady, resolveChannel, SYSTEM_SENDER, type Channel } from "@/lib/channels";
import { db, nowSeconds } from "@/lib/db/client";
import { dialect } from "@/lib/db/dialect";
import { publish } from "@/lib/events";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { queueOutgoing } from "@/lib/integrations/outgoing";
import { withLock } from "@/lib/locks";
import { mentionsJson } from "@/lib/mentions";
import { messageStore, newRow, type Audience, type MessageRow, type Op, type ReadBy } from "@/lib/messages";
import { isReaction } from "@/lib/reactions";
import { checkText } from "@/lib/text";
import { removeUploads } from "@/lib/uploads/receive";
import { forgetDeletedSend, recordPreviousText } from "./actions";
import { reactionMaps, visibleMessage } from "./read";
import * as threads from "./threads";

/** `actor` is who acts, or null for an anonymous poster, who has no copy of their own. */
function audienceOf(channel: Channel, actor: string | null, members: readonly string[]): { audience: Audience; recipients: string[] } {
  const recipients = actor === null || members.includes(actor) ? [...members] : [...members, actor];
  if (channel.kind === "public") return { audience: { kind: "public", channel: channel.id }, recipients };
  return { audience: { kind: "users", users: recipients }, recipients };
}

function announce(channel: Channel, recipients: readonly string[], kind: "messages" | "reactions") {
  publish(channel.kind === "public" ? "all" : recipients, { kind, channel: channel.id });
  if (channel.kind === "dm") publish(recipients, { kind: "dms", channel: channel.id });
  if (channel.kind === "private") publish(recipients, { kind: "private_channels", channel: channel.id });
}

/**
 * Writes ops to everyone who has the channel, and tells connected clients. `members` is the
 * channel's member list when the caller has it already (for mentions). The actor's own copy is
 * written as read; an anonymous actor (null) has none, so every member finds the write unread.
 */
async function write(channel: Channel, actor: string | null, ops: Op[], kind: "messages" | "reactions" = "messages", members?: readonly string[]) {
  const { audience, recipients } = audienceOf(channel, actor, members ?? (await channelRecipients(channel)));
  await messageStore().submit({ channel: channel.id, audience, ops, readBy: actor === null ? [] : [actor] });
  announce(channel, recipients, kind);
}

/** One author's writes to their own messages in one channel run one at a time: each re-checks on its turn. */
const authorLock = <T>(user: string, channel: string, work: () => Promise<T>) => withLock(`author:${user}:${channel}`, work);

export interface SendInput {
  text: string;
  replyTo: number | null;
  /** Stored attachment names, one row each. */
  files: string[];
  /**
   * A reply that stays in its thread (the web client's thread panel without "also send to channel"): the
   * rows are still in the channel for older clients, flagged `thread_only`. Needs `replyTo`.
   */
  threadOnly?: boolean;
}

export interface SendOptions {
  /**
   * Append a plain text send to the sender's own plain message in the channel if that one is at most
   * this many seconds old, instead of adding a message (the reference's rule). Off unless given: the
   * chat never merges (port decision 12).
   */
  mergeWindowSeconds?: number;
  /** Refuse a text longer than this many characters. No cap unless given. */
  maxLength?: number;
  /**
   * The tribune identity the send is made under (User-Agent or chosen name), stored raw on the text
   * and its attachments, at most AGENT_MAX_LENGTH characters. Web chat sends have none.
   */
  agent?: string;
}

/** The longest tribune identity a message keeps (the tribune clips longer ones before sending). */
export const AGENT_MAX_LENGTH = 150;

export interface Sent {
  /** The ids written: the new messages, or the one a merged send was appended to. */
  ids: number[];
  merged: boolean;
}

/**
 * The text of a send as it is stored: trailing white space goes, then it is checked. Empty is refused
 * unless attachments carry the send.
 */
function sendableText(raw: string, fileCount: number, options: Pick<SendOptions, "maxLength" | "agent">): string {
  const text = raw.replace(/\s+$/u, "");
  if (!text && fileCount === 0) throw invalid("empty", "plain");
  checkText("text", text);
  if (options.maxLength !== undefined && [...text].length > options.maxLength) {
    throw invalid(`text must be ${options.maxLength} characters or fewer`);
  }
  if (options.agent !== undefined && [...options.agent].length > AGENT_MAX_LENGTH) {
    throw invalid(`agent must be ${AGENT_MAX_LENGTH} characters or fewer`);
  }
  return text;
}

/**
 * Writes a new send: the text and each attachment become rows of one unit, every one its own message
 * with its own id, mentions computed from the channel's members. `author` null is an anonymous post
 * (sender ANONYMOUS_SENDER). Answers the ids written.
 */
async function writeNewSend(
  channel: Channel,
  author: string | null,
  send: { text: string; files: readonly string[]; replyTo: number | null; agent: string | null },
  members: readonly string[],
  thread: threads.ReplyThread | null = null,
): Promise<number[]> {
  const count = (send.text ? 1 : 0) + send.files.length;
  const first = await messageStore().allocateIds(count);
  const base = {
    channel: channel.id,
    sender: author ?? ANONYMOUS_SENDER,
    ts: nowSeconds(),
    reply_to_id: send.replyTo,
    unit_id: first,
    agent: send.agent,
  };
  const rows: MessageRow[] = [];
  // A post without an account may name people, but not page the whole channel.
  const mentions = mentionsJson(send.text, members, { everyone: author !== null });
  if (send.text) rows.push(newRow({ ...base, id: first, content: send.text, mentions }));
  for (const filename of send.files) rows.push(newRow({ ...base, id: first + rows.length, content: "", filename }));
  const ops: Op[] = [{ op: "insert", rows }];
  if (thread) {
    // In the thread before it is durable (crash-safe, see ./threads); the root's row changes with its summary.
    await threads.recordReply(thread, rows);
    ops.push({ op: "patch", ids: [thread.rootId], set: { updated_ts: base.ts } });
  }
  try {
    await write(channel, author, ops, "messages", members);
  } catch (err) {
    if (thread) await threads.dropReply(thread, rows);
    throw err;
  }
  if (thread) await threads.confirmReply(thread, rows, channel);
  await queueOutgoing(channel, rows, thread); // durable now: the channel's outgoing webhooks owe it a delivery
  return rows.map((r) => r.id);
}

/**
 * Sends a message: the text and each attachment become rows of one unit, every one its own message
 * with its own id, unless the merge option applies. Text is checked; trailing white space goes.
 */
export async function send(user: string, rawChannel: string, input: SendInput, options: SendOptions = {}): Promise<Sent> {
  const channel = await resolveChannel(user, rawChannel, { write: true });
  const text = sendableText(input.text, input.files.length, options);
  const store = messageStore();
  let thread: threads.ReplyThread | null = null;
  if (input.replyTo !== null) {
    const parent = await store.messageById(user, input.replyTo);
    if (!parent || parent.channel !== channel.id) throw invalid("invalid reply_to_id", "plain");
    thread = await threads.replyThread(user, parent, input.threadOnly === true);
  } else if (input.threadOnly) {
    throw invalid("thread_only needs a reply_to_id", "plain");
  }
  const members = await channelRecipients(channel);
  if (options.mergeWindowSeconds !== undefined && text && input.files.length === 0 && input.replyTo === null) {
    const window = options.mergeWindowSeconds;
    const merged = await authorLock(user, channel.id, async () => {
      const previous = await store.mergeCandidate(user, channel.id);
      const now = nowSeconds();
      if (!previous || now - previous.ts > window) return null;
      const content = `${previous.content}\n${text}`;
      // The reference's merge: same id and ts, `edited_ts` moves, `edited` stays 0.
      const set = { content, edited_ts: now, mentions: mentionsJson(content, members), updated_ts: now };
      await write(channel, user, [{ op: "patch", ids: [previous.id], set }], "messages", members);
      return previous.id;
    });
    if (merged !== null) return { ids: [merged], merged: true };
  }
  const agent = options.agent ?? null;
  const ids = await writeNewSend(channel, user, { text, files: input.files, replyTo: input.replyTo, agent }, members, thread);
  return { ids, merged: false };
}

/**
 * A post without an account (the tribune's anonymous clients): public channels only, sender
 * ANONYMOUS_SENDER (""), which no username can be, so it never passes for a registered user; the
 * identity is kept in `agent`. Text is checked as `send` checks it; the post never merges and is
 * unread for every member. Anything but a public channel is not found, and nothing is written.
 */
export async function sendAnonymous(rawChannel: string, agent: string, rawText: string, options: Pick<SendOptions, "maxLength"> = {}): Promise<Sent> {
  await publicChannelsReady();
  if (!isPublicChannel(rawChannel)) throw notFound();
  if (isArchivedChannel(rawChannel)) throw forbidden("channel is archived", "json"); // read-only (issue 16)
  const channel: Channel = { kind: "public", id: rawChannel };
  const text = sendableText(rawText, 0, { maxLength: options.maxLength, agent });
  const members = await channelRecipients(channel);
  const ids = await writeNewSend(channel, null, { text, files: [], replyTo: null, agent }, members);
  return { ids, merged: false };
}

/** The caller's own, live message with this id, in a channel they can still see; else forbidden. */
async function ownMessage(user: string, id: number) {
  const found = await visibleMessage(user, id);
  if (!found || found.row.sender !== user || found.row.deleted === 1) throw forbidden();
  return found;
}

/** Replaces the text of the caller's own message; an attachment row is left as it is. */
export async function editMessage(user: string, id: number, rawText: string): Promise<void> {
  const text = rawText.trim();
  const { row, channel } = await ownMessage(user, id);
  if (!text) throw invalid("empty", "plain");
  checkText("text", text);
  if (row.filename !== null) return;
  await authorLock(user, channel.id, async () => {
    const current = await ownMessage(user, id); // still there, still ours, once our turn comes
    const now = nowSeconds();
    const members = await channelRecipients(channel);
    const mentions = mentionsJson(text, members);
    const set = { content: text, edited: 1, edited_ts: now, mentions, updated_ts: now };
    // The text it replaces goes into the message's history first (issue 16); taken back if the write fails.
    const takeBack = await recordPreviousText(current.row, text, now);
    try {
      await write(channel, user, [{ op: "patch", ids: [id], set }], "messages", members);
    } catch (err) {
      await takeBack();
      throw err;
    }
    await threads.mentionsEdited(id, mentions, user); // someone newly mentioned in a thread follows it
  });
}

/** The caller's own message, its text and its attachments, become tombstones everywhere; the files go. */
export async function deleteMessage(user: string, id: number): Promise<void> {
  const { channel } = await ownMessage(user, id);
  await authorLock(user, channel.id, async () => {
    const { row } = await ownMessage(user, id);
    const attachments = await messageStore().unitAttachments(user, row.unit_id);
    const now = nowSeconds();
    const ops: Op[] = [{ op: "patch-units", units: [row.unit_id], set: { deleted: 1, deleted_ts: now, updated_ts: now } }];
    const root = await threads.unitDeleted(row.unit_id); // a reply leaves its thread's count; the root's row changes
    if (root !== null) ops.push({ op: "patch", ids: [root], set: { updated_ts: now } });
    await write(channel, user, ops);
    await removeUploads(attachments); // text and files are one unit: the files go with the text
    await forgetDeletedSend(channel, row.unit_id, row.id); // its pins, saves and earlier texts go too
  });
}

/** Toggles the caller's reaction; answers the message's whole reaction map. */
export async function toggleReaction(user: string, id: number, reaction: string): Promise<Record<string, string[]>> {
  if (!isReaction(reaction)) throw invalid("invalid reaction", "plain");
  const found = await visibleMessage(user, id);
  if (!found) throw notFound();
  if (found.row.deleted === 1) throw forbidden();
  const key = { messageId: id, emoji: reaction, reactor: user };
  const removed = await db().reaction.deleteMany({ where: key });
  if (removed.count === 0) {
    await db().reaction.upsert({
      where: { messageId_emoji_reactor: key },
      create: { ...key, channel: found.channel.id, createdAt: nowSeconds() },
      update: {},
    });
  }
  const now = nowSeconds();
  await write(found.channel, user, [{ op: "patch", ids: [id], set: { reactions_ts: now, updated_ts: now } }], "reactions");
  return (await reactionMaps([id])).get(id) ?? {};
}

/** Everything of others in the channel is read; receipts are recorded and announced. */
export async function markRead(user: string, rawChannel: string): Promise<void> {
  const channel = await resolveChannel(user, rawChannel);
  const unread = await messageStore().markChannelRead(user, channel.id);
  if (unread.length === 0) return;
  for (let start = 0; start < unread.length; start += 400) {
    const slice = unread.slice(start, start + 400);
    // One text for both engines but the placeholders: SQLite's `?`, PostgreSQL's `$n`.
    const mark = dialect() === "postgres" ? (n: number) => `$${n}` : () => "?";
    const values = slice.map((_, i) => `(${mark(4 * i + 1)}, ${mark(4 * i + 2)}, ${mark(4 * i + 3)}, ${mark(4 * i + 4)})`).join(", ");
    const params = slice.flatMap((r) => [channel.id, r.id, r.ts, user]);
    await db().$executeRawUnsafe(
      `INSERT INTO "ReadReceipt" ("channel", "messageId", "msgTs", "reader") VALUES ${values} ON CONFLICT DO NOTHING`,
      ...params,
    );
  }
  publish(channel.kind === "public" ? "all" : await channelRecipients(channel), { kind: "receipts", channel: channel.id });
}

export interface NoticeOptions {
  /** Whose copies are written as read. Default: nobody's. */
  readBy?: ReadBy;
  /** Wait until every copy is written (a notice the reader must find at once, such as a welcome). */
  waitForCopies?: boolean;
}

/** Posts a system notice (sender `system`) to a channel; answers its id. Telling clients is the caller's. */
export async function postSystemNotice(channel: string, content: string, audience: Audience, options: NoticeOptions = {}): Promise<number> {
  const store = messageStore();
  const id = await store.allocateIds(1);
  const row = newRow({ id, channel, sender: SYSTEM_SENDER, content, content_type: "system", ts: nowSeconds() });
  const delivery = { channel, audience, ops: [{ op: "insert" as const, rows: [row] }], readBy: options.readBy ?? [] };
  if (options.waitForCopies) await store.deliverNow(delivery);
  else await store.submit(delivery);
  return id;
}
