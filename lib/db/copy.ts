/**
 * Copies the shared database from SQLite into PostgreSQL (`npm run migrate-data`, issue 14). Both
 * schemas come from prisma/schema.prisma, so tables and columns have the same names on both sides;
 * what differs is the types: SQLite keeps booleans as 0/1 and has no strict types, so each value is
 * converted to the PostgreSQL column's type as information_schema states it.
 *
 * Generic on purpose: every table both sides have is copied (a model added later is copied without a
 * change here), parents before children (foreign keys as pg_constraint lists them), in batches of rows
 * inserted with ON CONFLICT DO NOTHING, so rows already there are kept and a second copy adds nothing.
 * Serial/identity sequences are moved past the copied ids afterwards, or the next insert would collide.
 */
import "server-only";
// The copy reads the SQLite file itself, read-only: a tool moving a whole install off SQLite, not message storage.
// eslint-disable-next-line no-restricted-imports
import Database from "better-sqlite3";
import type { Pool } from "pg";

const BATCH_ROWS = 2000;

export interface TableCopy {
  table: string;
  /** Rows in the source. */
  source: number;
  /** Rows this copy added. */
  inserted: number;
  /** Rows in the destination afterwards. */
  destination: number;
}

export interface SharedCopyResult {
  tables: TableCopy[];
  /** Source tables with rows that the destination does not have (their rows were not copied). */
  missing: { table: string; rows: number }[];
  /** Sequences moved past the copied ids. */
  sequencesMoved: number;
}

interface DestColumn {
  name: string;
  /** As format_type writes it (`integer`, `double precision`, `boolean`, `text`, `timestamp(3) without time zone`...). */
  type: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export type SqliteSource = Database.Database;

/** Opens a SQLite shared database read-only: nothing this module does can change it. */
export function openSqliteSource(file: string): SqliteSource {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Rows of a source table (0 when the table does not exist). */
export function sourceRowCount(source: SqliteSource, table: string): number {
  const exists = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return exists ? (source.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n : 0;
}

/** The Prisma migrations applied to the source (finished, not rolled back). */
export function sourceMigrations(source: SqliteSource): string[] {
  if (!sourceRowCount(source, "_prisma_migrations")) return [];
  return (
    source.prepare("SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { name: string }[]
  ).map((r) => r.name);
}

/** The message-id sequence of the source's "Sequence" table (0 when there is none). */
export function sourceMessageSequence(source: SqliteSource): number {
  if (!sourceRowCount(source, "Sequence")) return 0;
  const row = source.prepare(`SELECT value FROM "Sequence" WHERE name = 'message'`).get() as { value: number } | undefined;
  return row?.value ?? 0;
}

/** The source's ordinary tables: not SQLite's own, not Prisma's, not virtual (FTS) tables nor their shadow tables. */
export function sourceTables(source: SqliteSource): string[] {
  const all = source.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string | null }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? "")).map((t) => t.name);
  return all
    .map((t) => t.name)
    .filter((name) => !name.startsWith("sqlite_") && !name.startsWith("_"))
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
    .sort();
}

async function destinationTables(pool: Pool): Promise<Set<string>> {
  const { rows } = await pool.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  return new Set(rows.map((r) => r.name));
}

async function destinationColumns(pool: Pool, table: string): Promise<DestColumn[]> {
  const { rows } = await pool.query<DestColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_attribute a
     WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY a.attnum`,
    [table],
  );
  return rows;
}

/** Tables in an order where every table comes after the tables its foreign keys point to. */
async function parentsFirst(pool: Pool, tables: readonly string[]): Promise<string[]> {
  const { rows } = await pool.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace`,
  );
  const parents = new Map<string, string[]>(tables.map((t) => [t, []]));
  for (const { child, parent } of rows) if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.push(parent);
  const out: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: string) => {
    if (state.get(table) === "done") return;
    if (state.get(table) === "visiting") throw new Error(`foreign keys form a cycle through ${table}`);
    state.set(table, "visiting");
    for (const parent of parents.get(table)!) visit(parent);
    state.set(table, "done");
    out.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return out;
}

/** A SQLite value as the PostgreSQL column wants it in JSON. */
function convert(value: unknown, type: string, where: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === "boolean") return value === 1 || value === 1n || value === true || value === "1" || value === "true";
  if (typeof value === "bigint") return Number(value);
  if (Buffer.isBuffer(value)) throw new Error(`${where}: binary values are not supported by this copy`);
  if (type.startsWith("timestamp") && typeof value === "number") return new Date(value).toISOString();
  return value;
}

/** Copies one table in batches; answers the rows added. */
async function copyTable(source: SqliteSource, pool: Pool, table: string, progress: (done: number) => void): Promise<number> {
  const sourceColumns = new Set((source.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map((c) => c.name));
  const columns = (await destinationColumns(pool, table)).filter((c) => sourceColumns.has(c.name));
  if (columns.length === 0) return 0;
  const names = columns.map((c) => quote(c.name)).join(", ");
  const recordType = columns.map((c) => `${quote(c.name)} ${c.type}`).join(", ");
  const sql = `INSERT INTO ${quote(table)} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType}) ON CONFLICT DO NOTHING`;
  let inserted = 0;
  let done = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      inserted += (await pool.query(sql, [JSON.stringify(batch)])).rowCount ?? 0;
    } catch (err) {
      // Say which table (a row the source kept that PostgreSQL refuses, such as one whose parent is gone).
      const detail = (err as { detail?: string }).detail;
      throw new Error(`copying table ${table}: ${(err as Error).message}${detail ? ` (${detail})` : ""}`, { cause: err });
    }
    done += batch.length;
    batch = [];
    progress(done);
  };
  // Read in rowid order, a batch at a time: the source is never held in memory whole.
  const read = source.prepare(`SELECT ${names} FROM ${quote(table)} ORDER BY rowid`);
  for (const row of read.iterate() as Iterable<Record<string, unknown>>) {
    const out: Record<string, unknown> = {};
    for (const c of columns) out[c.name] = convert(row[c.name], c.type, `${table}.${c.name}`);
    batch.push(out);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  return inserted;
}

/** Moves each serial/identity sequence of the table past its column's highest value; answers how many moved. */
async function resetSequences(pool: Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ column: string; seq: string }>(
    `SELECT a.attname AS column, pg_get_serial_sequence(quote_ident(current_schema()) || '.' || quote_ident($1), a.attname) AS seq
     FROM pg_attribute a
     WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [table],
  );
  let moved = 0;
  for (const { column, seq } of rows) {
    if (!seq) continue;
    // `seq` comes from the catalog, already quoted and qualified.
    const { rows: state } = await pool.query<{ max: string | null; last: string; called: boolean }>(
      `SELECT (SELECT max(${quote(column)}) FROM ${quote(table)})::text AS max, s.last_value::text AS last, s.is_called AS called FROM ${seq} s`,
    );
    const { max, last, called } = state[0]!;
    if (max === null) continue;
    const issued = called ? BigInt(last) : BigInt(last) - 1n;
    if (BigInt(max) > issued) {
      await pool.query("SELECT setval($1::regclass, $2::bigint, true)", [seq, max]);
      moved++;
    }
  }
  return moved;
}

export interface SharedCopyOptions {
  /** Tables not to copy (the fan-out journal: the PostgreSQL store has none). */
  skip?: ReadonlySet<string>;
  /** Called as tables progress: rows done of the table's total. */
  onProgress?: (table: string, done: number, total: number) => void;
}

/** Copies every table the source and the destination (the connection's current schema) both have. */
export async function copySharedDatabase(source: SqliteSource, pool: Pool, options: SharedCopyOptions = {}): Promise<SharedCopyResult> {
  const skip = options.skip ?? new Set<string>();
  const fromSource = sourceTables(source).filter((t) => !skip.has(t));
  const there = await destinationTables(pool);
  const countSource = (table: string) => sourceRowCount(source, table);
  const missing = fromSource.filter((t) => !there.has(t)).map((table) => ({ table, rows: countSource(table) })).filter((m) => m.rows > 0);
  const tables: TableCopy[] = [];
  let sequencesMoved = 0;
  for (const table of await parentsFirst(pool, fromSource.filter((t) => there.has(t)))) {
    const total = countSource(table);
    options.onProgress?.(table, 0, total);
    const inserted = await copyTable(source, pool, table, (done) => options.onProgress?.(table, done, total));
    sequencesMoved += await resetSequences(pool, table);
    const { rows } = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quote(table)}`);
    tables.push({ table, source: total, inserted, destination: Number(rows[0]!.n) });
  }
  return { tables, missing, sequencesMoved };
}
