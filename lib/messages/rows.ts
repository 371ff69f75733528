/**
 * Row-level operations on message files: the SQL that every higher-level feature goes through.
 */
import type { MessageFile } from "./store";

export type ContentType = "text" | "system";

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
}

const COLUMNS = [
  "id", "channel", "sender", "content", "content_type", "filename", "ts", "edited", "edited_ts", "read",
  "deleted", "deleted_ts", "reply_to_id", "reactions_ts", "mentions", "unit_id", "updated_ts",
] as const satisfies readonly (keyof MessageRow)[];

const INSERT_SQL = `INSERT OR IGNORE INTO messages (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`;

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
    ...fields,
  };
}

/**
 * Inserts rows keyed by their global id; a row already present is left as it is, so replaying a
 * delivery never duplicates a message. `read` overrides the rows' own flag when given.
 */
export function insertRows(file: MessageFile, rows: readonly MessageRow[], read?: 0 | 1): number {
  const insert = file.stmt(INSERT_SQL);
  let inserted = 0;
  file.write(() => {
    for (const row of rows) inserted += insert.run(read === undefined ? row : { ...row, read }).changes;
  });
  return inserted;
}

/** Rows with id > afterId in id order, `limit` at a time: the cursor for copying history in slices. */
export function rowsAfterId(file: MessageFile, afterId: number, limit: number): MessageRow[] {
  return file.stmt<[number, number], MessageRow>("SELECT * FROM messages WHERE id > ? ORDER BY id LIMIT ?").all(afterId, limit);
}

export function rowById(file: MessageFile, id: number): MessageRow | undefined {
  return file.stmt<[number], MessageRow>("SELECT * FROM messages WHERE id = ?").get(id);
}

export function rowsInChannel(file: MessageFile, channel: string): MessageRow[] {
  return file.stmt<[string], MessageRow>("SELECT * FROM messages WHERE channel = ? ORDER BY ts, id").all(channel);
}
