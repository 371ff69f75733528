/**
 * The plain data that crosses the MessageStore port: rows, audiences, write ops, search filters and
 * hits, and the port's one error. No handle, statement or SQL: any implementation can take these.
 */

export type ContentType = "text" | "system";

/**
 * Sender of anonymous tribune posts (the poster's identity is the row's `agent`). No username can be
 * empty, so an anonymous post never passes for a registered user's, and no account owns it.
 */
export const ANONYMOUS_SENDER = "";

/** One message as stored in every copy. `read` is per copy; everything else is the same everywhere. */
export interface MessageRow {
  id: number;
  channel: string;
  sender: string;
  content: string;
  content_type: ContentType;
  filename: string | null;
  ts: number;
  edited: number;
  edited_ts: number | null;
  read: number;
  deleted: number;
  deleted_ts: number | null;
  reply_to_id: number | null;
  reactions_ts: number | null;
  mentions: string | null;
  unit_id: number;
  updated_ts: number;
  /**
   * The tribune identity the post was made under (the poster's User-Agent or chosen /name), raw, at
   * most 150 characters; null for a web chat send. Anonymous posts have sender ANONYMOUS_SENDER.
   */
  agent: string | null;
}

/** A new row with the defaults of a fresh send. */
export function newRow(fields: Pick<MessageRow, "id" | "channel" | "sender" | "content" | "ts"> & Partial<MessageRow>): MessageRow {
  return {
    content_type: "text",
    filename: null,
    edited: 0,
    edited_ts: null,
    read: 0,
    deleted: 0,
    deleted_ts: null,
    reply_to_id: null,
    reactions_ts: null,
    mentions: null,
    unit_id: fields.id,
    updated_ts: fields.ts,
    agent: null,
    ...fields,
  };
}

/** Columns a patch may set. */
export interface RowPatch {
  content?: string;
  edited?: number;
  edited_ts?: number | null;
  mentions?: string | null;
  deleted?: number;
  deleted_ts?: number | null;
  reactions_ts?: number | null;
  updated_ts?: number;
}

/**
 * A write carried to each copy of a channel. Every op sets absolute values keyed by global ids (or
 * inserts keyed by id, keeping a row already there), so applying one twice changes nothing.
 */
export type Op =
  /** New rows; `read` is decided per copy by the delivery. */
  | { op: "insert"; rows: MessageRow[] }
  /** Set columns of the rows with these ids. */
  | { op: "patch"; ids: number[]; set: RowPatch }
  /** Set columns of every row of these sends (text and attachments). */
  | { op: "patch-units"; units: number[]; set: RowPatch }
  /** Account deletion: the sender's rows are re-attributed (soft) or removed (hard). */
  /** `at` marks the renamed rows as changed then, so `?after=` polls pick the new name up. */
  | { op: "rename-sender"; from: string; to: string; at?: number }
  | { op: "purge-sender"; sender: string };

/**
 * Who gets the write: a public channel (its archive and every user, as registered when the copies are
 * written: anyone registering meanwhile copies the archive), a list of users, or every file there is.
 */
export type Audience = { kind: "public"; channel: string } | { kind: "users"; users: string[] } | { kind: "everyone" };

/** Whose copies are written as already read: a list of users, or `true` for everyone (system notices). */
export type ReadBy = true | string[];

/** One write for the store to deliver: the channel it concerns (`*` for every channel), who gets it, what. */
export interface Delivery {
  channel: string;
  audience: Audience;
  ops: Op[];
  /** Default: nobody's copy is written as read. */
  readBy?: ReadBy;
}

export interface DmSummary {
  channel: string;
  last: number;
  unread: number;
}

export interface SearchFilters {
  /** A text every hit holds, as a substring in any case (the same as one more of `terms`). */
  q?: string;
  /** Texts every hit holds, words and phrases alike, each as a substring in any case. */
  terms?: readonly string[];
  /** Texts no hit holds (substrings, any case). */
  excluded?: readonly string[];
  from?: string;
  /** Senders, any of them (with `from`: any of all of them); compared in any case. */
  senders?: readonly string[];
  channel?: string;
  /** Channel ids, any of them (with `channel`: any of all of them). */
  channels?: readonly string[];
  start?: number;
  end?: number;
  /** Channels the caller may still see besides their DMs. */
  visible: readonly string[];
  limit: number;
  /** Give each hit the message just before and just after it in its channel (not deleted), or null. */
  context?: boolean;
}

/** A neighbour of a search hit in its channel. */
export interface SearchContextLine {
  id: number;
  sender: string;
  content: string;
  ts: number;
}

export interface SearchHit {
  id: number;
  channel: string;
  sender: string;
  content: string;
  ts: number;
  /** Only when `context` was asked for. */
  context?: { before: SearchContextLine | null; after: SearchContextLine | null };
}

/**
 * A search's filters in the shape both stores query by: texts split by whether the trigram index can
 * look them up (3+ characters), senders and channels as lists ([] is any).
 */
export function searchPlan(f: SearchFilters) {
  const unique = (list: readonly string[]) => {
    const seen = new Set<string>();
    return list.filter((text) => text !== "" && !seen.has(text.toLowerCase()) && seen.add(text.toLowerCase()));
  };
  const terms = unique([...(f.q ? [f.q] : []), ...(f.terms ?? [])]);
  const excluded = unique(f.excluded ?? []);
  const long = (text: string) => [...text].length >= 3;
  return {
    indexed: terms.filter(long),
    scanned: terms.filter((t) => !long(t)),
    excludedIndexed: excluded.filter(long),
    excludedScanned: excluded.filter((t) => !long(t)),
    senders: unique([...(f.from ? [f.from] : []), ...(f.senders ?? [])]),
    channels: [...new Set([...(f.channel ? [f.channel] : []), ...(f.channels ?? [])])],
  };
}

export type StoreUnavailableCode = "corrupt" | "missing" | "too-new";

/** A part of the store (a file, a database) that cannot be used as it is: reported, never silently recreated. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly code: StoreUnavailableCode,
    /** Which part: a file path, a table, a shard; for the log, never for a client. */
    readonly where: string,
    message: string,
  ) {
    super(message);
    this.name = "StoreUnavailableError";
  }
}
