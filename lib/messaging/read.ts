/**
 * The face-neutral reads: a channel's messages as the reader's view holds them, one message the
 * reader may still see, reactions, read receipts, and who may fetch an attachment. Faces shape them.
 */
import "server-only";
import { resolveChannel, type Channel } from "@/lib/channels";
import { db } from "@/lib/db/client";
import { isDomainError } from "@/lib/errors";
import { messageStore, type MessageRow } from "@/lib/messages";

/** Which slice of a channel: changed after `after`, optionally only the newest `limit`, or a page before `before`. */
export interface ChannelSlice {
  /** Seconds; rows created or changed after this. */
  after: number;
  limit: number | null;
  /** Seconds; when set, the `limit` (default 200) rows sent just before this, whatever `after` says. */
  before: number | null;
}

export const DEFAULT_PAGE = 200;

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

export interface MessageWithReactions {
  row: MessageRow;
  /** Null when nobody ever reacted. */
  reactions: Record<string, string[]> | null;
}

/** A slice of a channel the caller has resolved, oldest first, with each message's reactions. */
export async function channelMessages(user: string, channel: Channel, slice: ChannelSlice): Promise<MessageWithReactions[]> {
  const { after, limit, before } = slice;
  const store = messageStore();
  const rows =
    before !== null
      ? await store.pageBefore(user, channel.id, before, limit ?? DEFAULT_PAGE)
      : limit !== null
        ? await store.newestChangesAfter(user, channel.id, after, limit)
        : await store.changesAfter(user, channel.id, after);
  const maps = await reactionMaps(rows.filter((r) => r.reactions_ts !== null).map((r) => r.id));
  return rows.map((row) => ({ row, reactions: maps.get(row.id) ?? null }));
}

/** A message of the caller's view in a channel they may still see, or null. */
export async function visibleMessage(user: string, id: number): Promise<{ row: MessageRow; channel: Channel } | null> {
  const row = await messageStore().messageById(user, id);
  if (!row) return null;
  try {
    return { row, channel: await resolveChannel(user, row.channel) };
  } catch (err) {
    if (isDomainError(err)) return null;
    throw err;
  }
}

/** Who read which message of a channel the caller may see, by the message's time, oldest first. */
export async function readReceiptRows(user: string, rawChannel: string): Promise<{ msgTs: number; reader: string }[]> {
  const channel = await resolveChannel(user, rawChannel);
  return db().readReceipt.findMany({
    where: { channel: channel.id },
    orderBy: [{ msgTs: "asc" }, { reader: "asc" }],
    select: { msgTs: true, reader: true },
  });
}

/** Whether the user can see a live message carrying this attachment (who may download it, port decision 3). */
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
