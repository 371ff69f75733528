/**
 * Messages: send, list, fetch one, edit, delete, react, mark read and read
 * receipts. Every write goes through the journaled delivery; every read first catches the caller's
 * file up with pending deliveries.
 */
import "server-only";
import { channelRecipients, resolveChannel, type Channel } from "@/lib/channels";
import { db, nowSeconds } from "@/lib/db/client";
import { publish } from "@/lib/events";
import { forbidden, invalid, isDomainError, notFound } from "@/lib/errors";
import { mentionsJson } from "@/lib/mentions";
import { withLock } from "@/lib/locks";
import { pythonFloat } from "@/lib/py-float";
import { isReaction } from "@/lib/reactions";
import { messageStore, newRow, type Audience, type MessageRow, type Op } from "@/lib/messages";
import { removeUploads } from "@/lib/uploads/receive";
import { checkText } from "@/lib/text";

/** A message as `/messages` returns it (keys in the reference's sorted order). */
export interface ApiMessage {
  channel: string;
  content: string;
  content_type: string;
  deleted: number;
  deleted_ts: number | null;
  edited: number;
  edited_ts: number | null;
  filename: string | null;
  id: number;
  mentions: string | null;
  reactions: string | null;
  reactions_ts: number | null;
  reply_to_id: number | null;
  sender: string;
  ts: number;
  /** Our addition: when the row last changed in any way; a later `?after=` may start from it. */
  updated_ts: number;
}

function audienceOf(channel: Channel, actor: string, members: readonly string[]): { audience: Audience; recipients: string[] } {
  const recipients = members.includes(actor) ? [...members] : [...members, actor];
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
 * channel's member list when the caller has it already (for mentions).
 */
async function write(channel: Channel, actor: string, ops: Op[], kind: "messages" | "reactions" = "messages", members?: readonly string[]) {
  const { audience, recipients } = audienceOf(channel, actor, members ?? (await channelRecipients(channel)));
  await messageStore().submit({ channel: channel.id, audience, ops, readBy: [actor] });
  announce(channel, recipients, kind);
}

export interface SendInput {
  text: string;
  replyTo: number | null;
  /** Stored attachment names, one row each. */
  files: string[];
}

/** One author's edits and deletes in one channel run one at a time: each re-checks the row on its turn. */
const authorLock = <T>(user: string, channel: string, work: () => Promise<T>) => withLock(`author:${user}:${channel}`, work);

/**
 * Sends a message: the text and each attachment become rows of one unit, every one its own message
 * with its own id. Sends never merge into an earlier message (port decision 12); the client groups
 * a sender's consecutive messages under one header instead. Returns the ids written.
 */
export async function sendMessage(user: string, rawChannel: string, input: SendInput): Promise<{ ids: number[] }> {
  const channel = await resolveChannel(user, rawChannel, { write: true });
  const text = input.text.replace(/\s+$/u, "");
  if (!text && input.files.length === 0) throw invalid("empty", "plain");
  checkText("text", text);
  if (input.replyTo !== null) {
    const parent = await messageStore().messageById(user, input.replyTo);
    if (!parent || parent.channel !== channel.id) throw invalid("invalid reply_to_id", "plain");
  }
  const members = await channelRecipients(channel);
  const count = (text ? 1 : 0) + input.files.length;
  const first = await messageStore().allocateIds(count);
  const base = { channel: channel.id, sender: user, ts: nowSeconds(), reply_to_id: input.replyTo, unit_id: first };
  const rows: MessageRow[] = [];
  if (text) rows.push(newRow({ ...base, id: first, content: text, mentions: mentionsJson(text, members) }));
  for (const filename of input.files) rows.push(newRow({ ...base, id: first + rows.length, content: "", filename }));
  await write(channel, user, [{ op: "insert", rows }], "messages", members);
  return { ids: rows.map((r) => r.id) };
}

/** A row as clients see it: tombstones carry no content and no file (port decision 8). */
function present(row: MessageRow, reactions: string | null): ApiMessage {
  const deleted = row.deleted === 1;
  return {
    channel: row.channel,
    content: deleted ? "" : row.content,
    content_type: row.content_type,
    deleted: row.deleted,
    deleted_ts: row.deleted_ts,
    edited: row.edited,
    edited_ts: row.edited_ts,
    filename: deleted ? null : row.filename,
    id: row.id,
    mentions: deleted ? null : row.mentions,
    reactions,
    reactions_ts: row.reactions_ts,
    reply_to_id: row.reply_to_id,
    sender: row.sender,
    ts: row.ts,
    updated_ts: row.updated_ts,
  };
}

/** `{emoji: [reactor, …]}` for each message id, reactors in the order they reacted. */
export async function reactionMaps(ids: readonly number[]): Promise<Map<number, Record<string, string[]>>> {
  const out = new Map<number, Record<string, string[]>>();
  if (ids.length === 0) return out;
  const rows = await db().reaction.findMany({
    where: { messageId: { in: [...ids] } },
    orderBy: [{ createdAt: "asc" }, { reactor: "asc" }],
    select: { messageId: true, emoji: true, reactor: true },
  });
  for (const row of rows) {
    const map = out.get(row.messageId) ?? {};
    (map[row.emoji] ??= []).push(row.reactor);
    out.set(row.messageId, map);
  }
  return out;
}

export const PAGE_LIMIT_MAX = 1000;

/** What `/messages` asks for, parsed from its query (lib/chat/schemas.ts). */
export interface MessagesQuery {
  /** Seconds; rows created or changed after this. */
  after: number;
  limit: number | null;
  before: number | null;
}

/**
 * `GET /messages/<channel>?after=`: what is new or changed in the channel since `after`. Our
 * additions for long histories: `limit=N` keeps only the newest N of those, and `before=<ts>` pages
 * back through older messages (with `limit`, default 200). Without them the reference's answer.
 * The caller has resolved the channel, so access is refused before the query is looked at.
 */
export async function listMessages(user: string, channel: Channel, query: MessagesQuery): Promise<ApiMessage[]> {
  const { after, limit, before } = query;
  const store = messageStore();
  const rows =
    before !== null
      ? await store.pageBefore(user, channel.id, before, limit ?? 200)
      : limit !== null
        ? await store.newestChangesAfter(user, channel.id, after, limit)
        : await store.changesAfter(user, channel.id, after);
  const maps = await reactionMaps(rows.filter((r) => r.reactions_ts !== null).map((r) => r.id));
  return rows.map((row) => {
    const map = maps.get(row.id);
    return present(row, map ? JSON.stringify(map) : null);
  });
}

/** A row of the caller's file in a channel they may still see, or null. */
async function visibleRow(user: string, id: number): Promise<{ row: MessageRow; channel: Channel } | null> {
  const row = await messageStore().messageById(user, id);
  if (!row) return null;
  try {
    return { row, channel: await resolveChannel(user, row.channel) };
  } catch (err) {
    if (isDomainError(err)) return null;
    throw err;
  }
}

/** `GET /message/<id>`. */
export async function getMessage(user: string, id: number) {
  const found = await visibleRow(user, id);
  if (!found) throw notFound();
  const shown = present(found.row, null);
  return { id: shown.id, sender: shown.sender, content: shown.content, filename: shown.filename, deleted: shown.deleted };
}

/** The caller's own, live message with this id, in a channel they can still write to; else 403. */
async function ownMessage(user: string, id: number) {
  const found = await visibleRow(user, id);
  if (!found || found.row.sender !== user || found.row.deleted === 1) throw forbidden();
  return found;
}

/** `POST /edit/<id>`: replaces the text; attachment rows are left as they are. */
export async function editMessage(user: string, id: number, rawText: string): Promise<void> {
  const text = rawText.trim();
  const { row, channel } = await ownMessage(user, id);
  if (!text) throw invalid("empty", "plain");
  checkText("text", text);
  if (row.filename !== null) return;
  await authorLock(user, channel.id, async () => {
    await ownMessage(user, id); // still there, still ours, once our turn comes
    const now = nowSeconds();
    const members = await channelRecipients(channel);
    const mentions = mentionsJson(text, members);
    const set = { content: text, edited: 1, edited_ts: now, mentions, updated_ts: now };
    await write(channel, user, [{ op: "patch", ids: [id], set }], "messages", members);
  });
}

/** `POST /delete/<id>`: the text and its attachments become tombstones everywhere. */
export async function deleteMessage(user: string, id: number): Promise<void> {
  const { channel } = await ownMessage(user, id);
  await authorLock(user, channel.id, async () => {
    const { row } = await ownMessage(user, id);
    const attachments = await messageStore().unitAttachments(user, row.unit_id);
    const now = nowSeconds();
    await write(channel, user, [{ op: "patch-units", units: [row.unit_id], set: { deleted: 1, deleted_ts: now, updated_ts: now } }]);
    await removeUploads(attachments); // text and files are one unit: the files go with the text
  });
}

/** Whether the user can see a live message carrying this attachment (who may download it). */
export async function canSeeAttachment(user: string, filename: string): Promise<boolean> {
  for (const channel of await messageStore().channelsReferencing(user, filename)) {
    try {
      await resolveChannel(user, channel);
      return true;
    } catch (err) {
      if (!isDomainError(err)) throw err;
    }
  }
  return false;
}

/** `POST /react/<id>`: toggles the caller's reaction; answers the message's whole reaction map. */
export async function toggleReaction(user: string, id: number, reaction: string): Promise<Record<string, string[]>> {
  if (!isReaction(reaction)) throw invalid("invalid reaction", "plain");
  const found = await visibleRow(user, id);
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

/** `POST /mark_read/<channel>`: everything of others there is read; receipts are recorded. */
export async function markRead(user: string, rawChannel: string): Promise<void> {
  const channel = await resolveChannel(user, rawChannel);
  const unread = await messageStore().markChannelRead(user, channel.id);
  if (unread.length === 0) return;
  for (let start = 0; start < unread.length; start += 400) {
    const slice = unread.slice(start, start + 400);
    const values = slice.map(() => "(?, ?, ?, ?)").join(", ");
    const params = slice.flatMap((r) => [channel.id, r.id, r.ts, user]);
    await db().$executeRawUnsafe(
      `INSERT OR IGNORE INTO "ReadReceipt" ("channel", "messageId", "msgTs", "reader") VALUES ${values}`,
      ...params,
    );
  }
  publish(channel.kind === "public" ? "all" : await channelRecipients(channel), { kind: "receipts", channel: channel.id });
}

/** `GET /read_receipts/<channel>`: `{"<message ts>": [reader, …]}`. */
export async function readReceipts(user: string, rawChannel: string): Promise<Record<string, string[]>> {
  const channel = await resolveChannel(user, rawChannel);
  const rows = await db().readReceipt.findMany({
    where: { channel: channel.id },
    orderBy: [{ msgTs: "asc" }, { reader: "asc" }],
    select: { msgTs: true, reader: true },
  });
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const readers = (out[pythonFloat(row.msgTs)] ??= []);
    if (!readers.includes(row.reader)) readers.push(row.reader);
  }
  return out;
}
