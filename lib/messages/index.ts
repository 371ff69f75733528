/**
 * MessageStore: the one port to every copy of every message. Each user has a view (their copy of
 * what they can see, with their read flags and hidden DMs); each public channel has an archive.
 * Writes are delivered crash-safely (port decision 2): journaled, archives before the answer, copies
 * after, and every per-user read catches up with pending deliveries first, so callers never see the
 * lag. Every method is async so that an implementation over the network can stand behind it; only
 * plain data (./model) crosses it. Two implementations, chosen by DATABASE_URL (lib/backends.ts): SQLite
 * files in the data folder (./sqlite, the default) and PostgreSQL (./postgres, for several instances);
 * nothing outside lib/messages sees a handle.
 */
import "server-only";
import { singleton } from "@/lib/globals";
import type { Delivery, DmSummary, MessageRow, SearchFilters, SearchHit } from "./model";
import { databaseBackend } from "@/lib/backends";
import { PostgresMessageStore } from "./postgres";
import { SqliteMessageStore } from "./sqlite";

export * from "./model";

export interface MessageStore {
  /** Reserves `count` consecutive global message ids; returns the first. */
  allocateIds(count?: number): Promise<number>;

  // A user's view. `user` is the reader: unread means from someone else, not read, not deleted.
  /** Rows of a channel created or changed after `after` (seconds), oldest first. */
  changesAfter(user: string, channel: string, after: number): Promise<MessageRow[]>;
  /** The newest `limit` of those, oldest first (a client's first page). */
  newestChangesAfter(user: string, channel: string, after: number, limit: number): Promise<MessageRow[]>;
  /** The `limit` rows of a channel just older than `before` (seconds), oldest first (scrolling back). */
  pageBefore(user: string, channel: string, before: number, limit: number): Promise<MessageRow[]>;
  /** One row of the user's view by global id, in whatever channel, or null. */
  messageById(user: string, id: number): Promise<MessageRow | null>;
  /**
   * The user's own newest message in a channel that is text only, not a reply and not deleted: what a
   * merging send (an option of lib/messaging, off for the chat) would append to. Null when none.
   */
  mergeCandidate(user: string, channel: string): Promise<MessageRow | null>;
  /** Attachment names of one send (its text and attachments share `unit_id`). */
  unitAttachments(user: string, unitId: number): Promise<string[]>;
  /** Channels in which the user's view holds a live message with this attachment. */
  channelsReferencing(user: string, filename: string): Promise<string[]>;
  /** Unread rows per given channel (every one answered, 0 when none). */
  unreadCounts(user: string, channels: readonly string[]): Promise<Record<string, number>>;
  /** Unread rows naming the user or everyone: every given channel, and DMs that have some. */
  mentionCounts(user: string, channels: readonly string[]): Promise<Record<string, number>>;
  /** Unread rows over all the user's DMs. */
  dmUnreadTotal(user: string): Promise<number>;
  /** Every DM with its latest time and unread count, newest first, hidden ones left out. */
  dmSummaries(user: string): Promise<DmSummary[]>;
  /** Hides a DM until a message newer than its newest one arrives (an empty one as of `now`). */
  hideDm(user: string, channel: string, now: number): Promise<void>;
  /** Marks every message of others in the channel read; answers the ones that were unread. */
  markChannelRead(user: string, channel: string): Promise<{ id: number; ts: number }[]>;
  /**
   * Mark as unread: the messages of others in the channel from `from` on (by time, then id) become unread
   * in the user's view only; answers how many changed. The user's own messages stay as they are.
   */
  markUnreadFrom(user: string, channel: string, from: { id: number; ts: number }): Promise<number>;
  /** Newest first; 3+ characters match as a substring in any case. Deleted rows never match. */
  search(user: string, filters: SearchFilters): Promise<SearchHit[]>;

  // A public channel's archive (what every member sees), read by global id.
  /** Up to `limit` rows with id > `afterId`, in id order. */
  archiveAfterId(channel: string, afterId: number, limit: number): Promise<MessageRow[]>;
  /** The newest `limit` rows by id, oldest first. */
  archiveNewest(channel: string, limit: number): Promise<MessageRow[]>;
  /**
   * The tribune's window: up to `limit` posts (not deleted, text, non-empty content: attachment-only
   * rows and system notices are not posts) with `afterId` < id (< `beforeId` when given), the newest
   * ones, newest first. Read down the id order, never by scanning the channel. `limit` < 1: none.
   */
  archivePosts(channel: string, afterId: number, beforeId: number | null, limit: number): Promise<MessageRow[]>;

  // Views come and go with accounts.
  /** Creates the user's (empty) view unless it exists. */
  addUser(user: string): Promise<void>;
  hasUser(user: string): Promise<boolean>;
  /** Removes the user's view and everything in it. */
  removeUser(user: string): Promise<void>;
  /** Copies the public channels' archives into the user's view, marked read (port decision 5). */
  copyPublicHistory(user: string, channels: readonly string[]): Promise<number>;

  // Writes.
  /** Resolves once the write is durable; copies may follow, but every reader sees it on its next read. */
  submit(delivery: Delivery): Promise<void>;
  /** Submits and waits until every copy is written. */
  deliverNow(delivery: Delivery): Promise<void>;
  /** Resolves when no delivery is pending. */
  settled(): Promise<void>;
  /** Finishes the deliveries a previous process left unfinished; answers how many. */
  replayJournal(): Promise<number>;

  /** Retention: removes every row sent before `cutoff` (seconds) everywhere; answers how many rows went. */
  purgeBefore(cutoff: number): Promise<number>;
  /** Resolves when the store can be read and written now (`/readyz`); rejects saying what is wrong. */
  probe(): Promise<void>;
  /** Lets go of every open resource (shutdown, tests between data folders). */
  close(): Promise<void>;
}

/** The configured store: PostgreSQL when DATABASE_URL names one, else the SQLite files of the data folder. */
export function messageStore(): MessageStore {
  return singleton<MessageStore>("message-store", () => {
    const database = databaseBackend();
    return database.kind === "postgres" ? new PostgresMessageStore({ connectionString: database.url }) : new SqliteMessageStore();
  });
}
