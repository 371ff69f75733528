/**
 * Bulk import into the PostgreSQL message store (`npm run migrate-data`, issue 14): an existing
 * install's SQLite message files read as they are (users' views and public archives, read-only), and
 * their rows written into the tables of ./schema.ts exactly as the store would hold them.
 *
 * Every write keeps what is already there (ON CONFLICT DO NOTHING on each table's key) and answers how
 * many rows it added, so a second import of the same source adds nothing and can say so. Rows go in as
 * one jsonb record set per batch: one round trip for thousands of rows, whatever their content.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg, { type Pool } from "pg";
import type { MessageRow } from "../model";
import { MESSAGE_FILE_VERSION } from "../sqlite/schema";
import { rowsAfterId } from "../sqlite/rows";
import { MessageFile } from "../sqlite/store";
import { SELECT_COLUMNS } from "./ops";
import { migrate } from "./schema";

/** Rows per statement: ~1 MB of JSON for ordinary messages, a few ms of PostgreSQL time each. */
export const IMPORT_BATCH_ROWS = 5000;

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A pool on the store's schema, bigint counts as numbers (as the store itself reads them). */
export function importPool(connectionString: string, schema = "public"): Pool {
  const pool = new pg.Pool({ connectionString, max: 2, options: `-c search_path=${schema}`, application_name: "minimost-migrate-data", types });
  pool.on("error", (err) => console.error(`[migrate-data] an idle PostgreSQL connection failed: ${err.message}`));
  return pool;
}

/** Creates (or brings up to date) the store's tables, as the app does on its first use. */
export async function prepareMessageTables(pool: Pool, schema = "public"): Promise<void> {
  const client = await pool.connect();
  try {
    await migrate(client, schema);
  } finally {
    client.release();
  }
}

// --- The source: SQLite message files, opened read-only.

/** A source file that cannot be imported as it is. */
export class SourceFileError extends Error {
  override name = "SourceFileError";
}

/**
 * Opens a message file read-only. Its schema must be this release's: an older file is upgraded by the
 * app when it opens it, which this import must not do to a source it only reads.
 */
export function openSourceFile(file: string): MessageFile {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new SourceFileError(`${file}: ${(err as Error).message}`);
  }
  try {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version !== MESSAGE_FILE_VERSION) {
      throw new SourceFileError(
        `${file}: schema version ${version}, this release reads ${MESSAGE_FILE_VERSION}` +
          (version < MESSAGE_FILE_VERSION ? " (start the app on it once to upgrade it, then run again)" : ""),
      );
    }
  } catch (err) {
    db.close();
    throw err instanceof SourceFileError ? err : new SourceFileError(`${file}: ${(err as Error).message}`);
  }
  return new MessageFile(file, db);
}

/** The rows of a file in id order, a batch at a time. */
export function* sourceRows(file: MessageFile, batch = IMPORT_BATCH_ROWS): Generator<MessageRow[]> {
  let cursor = 0;
  for (;;) {
    const rows = rowsAfterId(file, cursor, batch);
    if (rows.length === 0) return;
    yield rows;
    cursor = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

export interface HiddenDm {
  channel: string;
  hidden_ts: number;
}

export function sourceHiddenDms(file: MessageFile): HiddenDm[] {
  return file.stmt<[], HiddenDm>("SELECT channel, hidden_ts FROM dm_hidden ORDER BY channel").all();
}

export function sourceRowCount(file: MessageFile): number {
  return file.stmt<[], { n: number }>("SELECT count(*) AS n FROM messages").get()!.n;
}

/** The highest message id a file holds (0 when empty). */
export function sourceMaxId(file: MessageFile): number {
  return file.stmt<[], { m: number | null }>("SELECT max(id) AS m FROM messages").get()!.m ?? 0;
}

/** Inverse of the store's channelFileName: `_xx` is a byte, anything else stands for itself. */
export function channelOfArchiveFile(name: string): string | null {
  const base = name.replace(/\.db$/, "");
  if (base === name || !/^(?:[a-z0-9-]|_[0-9a-f]{2})+$/.test(base)) return null;
  const bytes: number[] = [];
  for (let i = 0; i < base.length; i++) {
    if (base[i] === "_") {
      bytes.push(parseInt(base.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(base.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** A user's file's owner: the lower-cased username it is named after. */
export function ownerOfUserFile(name: string): string | null {
  const m = /^([a-z0-9_-]{1,32})\.db$/.exec(name);
  return m ? m[1]! : null;
}

/** The `.db` files of a folder, sorted (none when it does not exist). */
export function messageFilesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".db"))
    .sort()
    .map((n) => path.join(dir, n));
}

// --- The destination.

/** The record set of a batch: every MessageRow column typed as the table has it. */
const RECORDSET = `jsonb_to_recordset($1::jsonb) AS r(
  id bigint, channel text, sender text, content text, content_type text, filename text, ts float8,
  edited integer, edited_ts float8, read integer, deleted integer, deleted_ts float8, reply_to_id bigint,
  reactions_ts float8, mentions text, unit_id bigint, updated_ts float8, agent text)`;

const RECORD_COLUMNS = SELECT_COLUMNS.split(", ")
  .map((c) => `r.${c}`)
  .join(", ");

const asJson = (rows: readonly MessageRow[]) => JSON.stringify(rows.map((row) => ({ ...row, agent: row.agent ?? null })));

/** Makes the owner's view (if missing) and adds its copies, read flags as the source has them. Answers rows added (the view counts as one). */
export async function importViewRows(pool: Pool, owner: string, rows: readonly MessageRow[]): Promise<number> {
  let added = (await pool.query("INSERT INTO message_views (owner) VALUES ($1) ON CONFLICT (owner) DO NOTHING", [owner])).rowCount ?? 0;
  if (rows.length > 0) {
    const res = await pool.query(
      `INSERT INTO message_copies (owner, ${SELECT_COLUMNS}) SELECT $2, ${RECORD_COLUMNS} FROM ${RECORDSET} ON CONFLICT (owner, id) DO NOTHING`,
      [asJson(rows), owner],
    );
    added += res.rowCount ?? 0;
  }
  return added;
}

/** Adds a public channel's archive rows; answers how many were not there yet. */
export async function importArchiveRows(pool: Pool, channel: string, rows: readonly MessageRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await pool.query(
    `INSERT INTO channel_archive (${SELECT_COLUMNS}) SELECT ${RECORD_COLUMNS} FROM ${RECORDSET} WHERE r.channel = $2 ON CONFLICT (channel, id) DO NOTHING`,
    [asJson(rows), channel],
  );
  return res.rowCount ?? 0;
}

/** Adds the owner's hidden DMs (a mark already there is the destination's own, newer, and is kept). */
export async function importHiddenDms(pool: Pool, owner: string, hidden: readonly HiddenDm[]): Promise<number> {
  if (hidden.length === 0) return 0;
  const res = await pool.query(
    `INSERT INTO dm_hidden (owner, channel, hidden_ts)
     SELECT $2, h.channel, h.hidden_ts FROM jsonb_to_recordset($1::jsonb) AS h(channel text, hidden_ts float8)
     ON CONFLICT (owner, channel) DO NOTHING`,
    [JSON.stringify(hidden), owner],
  );
  return res.rowCount ?? 0;
}

/**
 * Raises the store's id counter to at least `atLeast` (the source's sequence and highest id), so the
 * next message gets an id no imported one has. Answers whether it moved.
 */
export async function raiseMessageSequence(pool: Pool, atLeast: number): Promise<boolean> {
  const res = await pool.query("UPDATE message_sequence SET value = $1 WHERE name = 'message' AND value < $1", [atLeast]);
  return (res.rowCount ?? 0) > 0;
}

export async function messageSequenceValue(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ value: number }>("SELECT value FROM message_sequence WHERE name = 'message'");
  return rows[0]?.value ?? 0;
}

/** What the destination holds, for the verification: copies per owner, rows per archive, hidden DMs per owner. */
export async function destinationCounts(pool: Pool): Promise<{
  views: Set<string>;
  copies: Map<string, number>;
  archives: Map<string, number>;
  hidden: Map<string, number>;
}> {
  const views = new Set((await pool.query<{ owner: string }>("SELECT owner FROM message_views")).rows.map((r) => r.owner));
  const count = async (sql: string) => new Map((await pool.query<{ k: string; n: number }>(sql)).rows.map((r) => [r.k, r.n]));
  return {
    views,
    copies: await count("SELECT owner AS k, count(*) AS n FROM message_copies GROUP BY owner"),
    archives: await count("SELECT channel AS k, count(*) AS n FROM channel_archive GROUP BY channel"),
    hidden: await count("SELECT owner AS k, count(*) AS n FROM dm_hidden GROUP BY owner"),
  };
}
