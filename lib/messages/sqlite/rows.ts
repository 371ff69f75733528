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
  "agent",
] as const satisfies readonly (keyof MessageRow)[];

const INSERT_SQL = `INSERT OR IGNORE INTO messages (${COLUMNS.join(", ")}) VALUES (${COLUMNS.map((c) => "@" + c).join(", ")})`;

/** Indexes rows for search, by id (a JSON array): one statement for a whole write (schema v6). */
const INDEX_SQL = "INSERT INTO messages_fts (rowid, content) SELECT id, content FROM messages WHERE id IN (SELECT value FROM json_each(?))";

/**
 * Inserts rows keyed by their global id and indexes the new ones for search; a row already present is
 * left as it is, so replaying a delivery never duplicates a message. `read` overrides the rows' own
 * flag when given.
 */
export function insertRows(file: MessageFile, rows: readonly MessageRow[], read?: 0 | 1): number {
  const insert = file.stmt(INSERT_SQL);
  const added: number[] = [];
  file.write(() => {
    for (const row of rows) {
      // A row journaled before the tribune identity existed carries no `agent`: it is a web send.
      const complete = { ...row, agent: row.agent ?? null };
      if (insert.run(read === undefined ? complete : { ...complete, read }).changes > 0) added.push(row.id);
    }
    if (added.length > 0) file.stmt<[string]>(INDEX_SQL).run(JSON.stringify(added));
  });
  return added.length;
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

/** The SQL of postsInIdWindow, exported so a test can ask SQLite for its plan. */
export const POSTS_IN_ID_WINDOW_SQL = `SELECT * FROM messages NOT INDEXED
  WHERE id > ? AND id < ? AND channel = ? AND deleted = 0 AND content_type = 'text' AND content != ''
  ORDER BY id DESC LIMIT ?`;

/**
 * A public channel's posts in an id window, newest first: live text rows with content (attachment-only
 * rows and system notices are not posts), afterId < id < beforeId, at most `limit` of them. The archive
 * is walked down its primary key from beforeId and stops after `limit` matches; NOT INDEXED keeps the
 * planner off the channel index, which would collect and sort the whole channel first.
 */
export function postsInIdWindow(file: MessageFile, channel: string, afterId: number, beforeId: number | null, limit: number): MessageRow[] {
  if (!(limit >= 1)) return []; // SQLite reads a negative LIMIT as "no limit"
  return file
    .stmt<[number, number, string, number], MessageRow>(POSTS_IN_ID_WINDOW_SQL)
    .all(afterId, beforeId ?? Number.MAX_SAFE_INTEGER, channel, Math.floor(limit));
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
