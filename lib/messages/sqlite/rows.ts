/**
 * Row-level operations on message files: the SQL that every higher-level feature goes through.
 */
import { newRow, type MessageRow } from "../model";
import type { MessageFile } from "./store";

export type { ContentType, MessageRow } from "../model";
export { newRow };

const COLUMNS = [
  "id", "channel", "sender", "content", "content_type", "filename", "ts", "edited", "edited_ts", "read",
  "deleted", "deleted_ts", "reply_to_id", "reactions_ts", "mentions", "unit_id", "updated_ts",
] as const satisfies readonly (keyof MessageRow)[];

const INSERT_SQL = `INSERT OR IGNORE INTO messages (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`;

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

/** The newest `limit` rows by id, oldest first (an archive's latest posts, by primary key). */
export function newestRowsById(file: MessageFile, limit: number): MessageRow[] {
  return file
    .stmt<[number], MessageRow>("SELECT * FROM (SELECT * FROM messages ORDER BY id DESC LIMIT ?) ORDER BY id")
    .all(limit);
}

/** Removes every row sent before `cutoff` (seconds); returns how many went (retention). */
export function deleteRowsBefore(file: MessageFile, cutoff: number): number {
  return file.write(() => file.stmt<[number]>("DELETE FROM messages WHERE ts < ?").run(cutoff).changes);
}

export function rowById(file: MessageFile, id: number): MessageRow | undefined {
  return file.stmt<[number], MessageRow>("SELECT * FROM messages WHERE id = ?").get(id);
}

export function rowsInChannel(file: MessageFile, channel: string): MessageRow[] {
  return file.stmt<[string], MessageRow>("SELECT * FROM messages WHERE channel = ? ORDER BY ts, id").all(channel);
}
