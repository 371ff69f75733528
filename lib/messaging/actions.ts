/**
 * Message actions (issue 16): pins, saves, mark as unread, edit history and where a message lives (for
 * permalinks). Pins, saves and earlier versions live in the shared database (Prisma); mark as unread is
 * a MessageStore op on the reader's own copy. Everything is checked against the caller's view: a message
 * they were never given is not found (an outsider learns nothing of a private message), a message of a
 * channel they can no longer see is forbidden, and nothing changes on a refusal. Errors are our own
 * JSON ones (`{"error": "forbidden"}`, …): these are new routes, not the original's.
 */
import "server-only";
import { channelRecipients, resolveChannel, type Channel } from "@/lib/channels";
import { db, nowSeconds } from "@/lib/db/client";
import { publish } from "@/lib/events";
import { DomainError, forbidden, isDomainError, notFound } from "@/lib/errors";
import { messageStore, type MessageRow } from "@/lib/messages";

const NOT_FOUND = "message not found";

/** A channel resolution's refusal, in our routes' JSON words. */
function asJson(err: unknown): unknown {
  if (!isDomainError(err) || err.style === "json") return err;
  if (err.code === "forbidden") return forbidden("forbidden", "json");
  if (err.code === "not_found") return notFound(err.message, "json");
  return new DomainError(err.code, err.message, "json");
}

/** The channel as the caller may use it (`write`: may post there); refusals in JSON. */
async function channelFor(user: string, raw: string, write = false): Promise<Channel> {
  try {
    return await resolveChannel(user, raw, { write });
  } catch (err) {
    throw asJson(err);
  }
}

interface Located {
  row: MessageRow;
  channel: Channel;
}

/**
 * A message of the caller's view and its channel: 404 when their view never held it, 403 when its
 * channel is no longer theirs (a private channel left), 404 for a deleted one unless `deletedToo`.
 */
async function locate(user: string, id: number, options: { write?: boolean; deletedToo?: boolean } = {}): Promise<Located> {
  const row = await messageStore().messageById(user, id);
  if (!row) throw notFound(NOT_FOUND, "json");
  const channel = await channelFor(user, row.channel, options.write);
  if (row.deleted === 1 && !options.deletedToo) throw notFound(NOT_FOUND, "json");
  return { row, channel };
}

/** A message the caller may still see, or null (listing pins and saves leaves the others out). */
async function stillVisible(user: string, id: number): Promise<MessageRow | null> {
  try {
    return (await locate(user, id)).row;
  } catch (err) {
    if (isDomainError(err)) return null;
    throw err;
  }
}

/** Everyone whose client shows the channel hears of a change to its pins. */
async function announcePins(channel: Channel): Promise<void> {
  publish(channel.kind === "public" ? "all" : await channelRecipients(channel), { kind: "pins", channel: channel.id });
}

// Pins.

export interface PinState {
  id: number;
  channel: string;
  pinned: boolean;
  pinned_by: string | null;
  pinned_at: number | null;
}

/**
 * `POST /pin/<id>`: anyone who may post in the message's channel pins it. Pinning a pinned message keeps
 * who pinned it first and when (idempotent). A deleted message cannot be pinned (404).
 */
export async function pinMessage(user: string, id: number): Promise<PinState> {
  const { row, channel } = await locate(user, id, { write: true });
  const before = await db().pinnedMessage.findUnique({ where: { messageId: id } });
  const pin =
    before ??
    (await db().pinnedMessage.upsert({
      where: { messageId: id },
      create: { messageId: id, unitId: row.unit_id, channel: channel.id, pinnedBy: user, pinnedAt: nowSeconds() },
      update: {},
    }));
  if (!before) await announcePins(channel);
  return { id, channel: channel.id, pinned: true, pinned_by: pin.pinnedBy, pinned_at: pin.pinnedAt };
}

/** `POST /unpin/<id>`: anyone who may post in the channel unpins; unpinning what is not pinned is fine. */
export async function unpinMessage(user: string, id: number): Promise<PinState> {
  const { channel } = await locate(user, id, { write: true, deletedToo: true });
  const { count } = await db().pinnedMessage.deleteMany({ where: { messageId: id } });
  if (count > 0) await announcePins(channel);
  return { id, channel: channel.id, pinned: false, pinned_by: null, pinned_at: null };
}

export interface PinEntry {
  row: MessageRow;
  pinnedBy: string;
  pinnedAt: number;
}

/** `GET /pins/<channel>`: the channel's pinned messages the caller can see, newest pin first. */
export async function channelPins(user: string, rawChannel: string): Promise<PinEntry[]> {
  const channel = await channelFor(user, rawChannel);
  const pins = await db().pinnedMessage.findMany({ where: { channel: channel.id }, orderBy: [{ pinnedAt: "desc" }, { messageId: "desc" }] });
  const out: PinEntry[] = [];
  for (const pin of pins) {
    const row = await messageStore().messageById(user, pin.messageId);
    // A deleted message (or one this reader was never given, e.g. history from before they joined) leaves the list.
    if (row && row.deleted === 0 && row.channel === channel.id) out.push({ row, pinnedBy: pin.pinnedBy, pinnedAt: pin.pinnedAt });
  }
  return out;
}

// Saves.

export interface SaveState {
  id: number;
  saved: boolean;
  saved_at: number | null;
}

/** `POST /save/<id>`: keeps a message the caller can see in their Saved list (idempotent). */
export async function saveMessage(user: string, id: number): Promise<SaveState> {
  const { row, channel } = await locate(user, id);
  const key = { username_messageId: { username: user, messageId: id } };
  const saved = await db().savedMessage.upsert({
    where: key,
    create: { username: user, messageId: id, unitId: row.unit_id, channel: channel.id, savedAt: nowSeconds() },
    update: {},
  });
  publish([user], { kind: "saved", channel: channel.id });
  return { id, saved: true, saved_at: saved.savedAt };
}

/**
 * `POST /unsave/<id>`: takes it out of the caller's list. A saved message they can no longer see may
 * still be unsaved; otherwise the id must name a message of theirs (404), and unsaving twice is fine.
 */
export async function unsaveMessage(user: string, id: number): Promise<SaveState> {
  const { count } = await db().savedMessage.deleteMany({ where: { username: user, messageId: id } });
  if (count === 0) await locate(user, id, { deletedToo: true });
  if (count > 0) publish([user], { kind: "saved" });
  return { id, saved: false, saved_at: null };
}

export interface SavedEntry {
  row: MessageRow;
  savedAt: number;
}

/** `GET /saved`: the caller's saved messages they can still see, newest save first. */
export async function savedMessages(user: string): Promise<SavedEntry[]> {
  const saves = await db().savedMessage.findMany({ where: { username: user }, orderBy: [{ savedAt: "desc" }, { messageId: "desc" }] });
  const out: SavedEntry[] = [];
  for (const save of saves) {
    const row = await stillVisible(user, save.messageId);
    if (row) out.push({ row, savedAt: save.savedAt });
  }
  return out;
}

// Mark as unread.

export interface UnreadState {
  id: number;
  channel: string;
  /** The caller's unread count in the channel now. */
  unread: number;
}

/**
 * `POST /mark_unread/<id>`: in the caller's own copy, this message and every later one in its channel
 * (others' messages: one's own never count) become unread, so the channel's unread count, the DM count
 * and mentions move back to it. Receipts already given stay. Other clients of the caller refresh.
 */
export async function markUnread(user: string, id: number): Promise<UnreadState> {
  const { row, channel } = await locate(user, id, { deletedToo: true });
  const store = messageStore();
  await store.markUnreadFrom(user, channel.id, { id: row.id, ts: row.ts });
  const unread = (await store.unreadCounts(user, [channel.id]))[channel.id] ?? 0;
  // The caller's other tabs and devices: the kinds their client already refetches counts on.
  publish([user], { kind: "messages", channel: channel.id });
  if (channel.kind === "dm") publish([user], { kind: "dms", channel: channel.id });
  if (channel.kind === "private") publish([user], { kind: "private_channels", channel: channel.id });
  return { id, channel: channel.id, unread };
}

// Edit history.

export interface MessageVersionEntry {
  content: string;
  /** When this text was written: the send, then each edit. */
  ts: number;
}

export interface MessageHistory {
  id: number;
  channel: string;
  sender: string;
  versions: MessageVersionEntry[];
}

/**
 * `GET /message/<id>/history`: every text the message has had, the original first and the current one
 * last, each with the time it was written. Anyone who can see the message may read it; a deleted
 * message has no history (404: its texts went with it).
 */
export async function messageHistory(user: string, id: number): Promise<MessageHistory> {
  const { row, channel } = await locate(user, id);
  const earlier = await db().messageVersion.findMany({ where: { messageId: id }, orderBy: { id: "asc" } });
  const versions = earlier.map((v) => ({ content: v.content, ts: v.writtenAt }));
  versions.push({ content: row.content, ts: earlier.at(-1)?.replacedAt ?? row.ts });
  return { id, channel: channel.id, sender: row.sender, versions };
}

/**
 * The edit path's record (lib/messaging/write.ts): the text an edit replaces, with the time it was
 * written. Answers a function that takes the record back, for an edit whose write then fails.
 * An edit that leaves the text as it was records nothing.
 */
export async function recordPreviousText(row: MessageRow, newText: string, now: number): Promise<() => Promise<void>> {
  if (row.content === newText) return async () => {};
  const last = await db().messageVersion.findFirst({ where: { messageId: row.id }, orderBy: { id: "desc" }, select: { replacedAt: true } });
  const version = await db().messageVersion.create({
    data: { messageId: row.id, channel: row.channel, sender: row.sender, content: row.content, writtenAt: last?.replacedAt ?? row.ts, replacedAt: now },
  });
  return async () => {
    await db().messageVersion.deleteMany({ where: { id: version.id } });
  };
}

/**
 * The delete path's clean-up (lib/messaging/write.ts): a deleted send leaves the pinned lists and every
 * Saved list, and its earlier texts go with it (a tombstone keeps no text).
 */
export async function forgetDeletedSend(channel: Channel, unitId: number, textId: number): Promise<void> {
  const [pins] = await db().$transaction([
    db().pinnedMessage.deleteMany({ where: { unitId } }),
    db().savedMessage.deleteMany({ where: { unitId } }),
    db().messageVersion.deleteMany({ where: { messageId: { in: [unitId, textId] } } }),
  ]);
  if (pins.count > 0) await announcePins(channel);
}

/**
 * Account deletion, this module's part (lib/messaging/accounts.ts): the account's saves go; the pins it
 * made and its messages' earlier texts follow its messages, kept under `keptAs` (soft) or removed (hard).
 */
export async function removeAccountActions(username: string, removal: { kind: "soft"; keptAs: string } | { kind: "hard" }): Promise<void> {
  await db().$transaction([
    db().savedMessage.deleteMany({ where: { username } }),
    ...(removal.kind === "soft"
      ? [
          db().pinnedMessage.updateMany({ where: { pinnedBy: username }, data: { pinnedBy: removal.keptAs } }),
          db().messageVersion.updateMany({ where: { sender: username }, data: { sender: removal.keptAs } }),
        ]
      : [db().pinnedMessage.deleteMany({ where: { pinnedBy: username } }), db().messageVersion.deleteMany({ where: { sender: username } })]),
  ]);
}

// Permalinks.

export interface MessageLocation {
  id: number;
  channel: string;
  ts: number;
}

/**
 * Where a message lives, for a permalink opened from a cold start: its channel and time (a client opens
 * the channel and pages back to that time). Same checks as the rest: 404 / 403; a deleted message
 * still has a place (its tombstone is shown).
 */
export async function messageLocation(user: string, id: number): Promise<MessageLocation> {
  const { row, channel } = await locate(user, id, { deletedToo: true });
  return { id, channel: channel.id, ts: row.ts };
}
