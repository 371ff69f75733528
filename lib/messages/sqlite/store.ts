/**
 * The message files: one SQLite file per user (DATA_DIR/users) and one archive per public channel
 * (DATA_DIR/channels). This module and its siblings in lib/messages/sqlite own all raw SQL on these
 * files; nothing else opens them (the rest of the app goes through the MessageStore port).
 *
 * Memory is bounded by design (issue 13): at most `openFileLimit()` files are open at once in the
 * process (MINIMOST_OPEN_FILES, default 64): this thread's share is that less one per fan-out worker
 * (./limits.ts), since each worker writes one file at a time. Files read for a user's view stay in a least-recently-used cache;
 * work that walks many files (fan-out to everyone, retention) borrows a cached handle when there is
 * one and otherwise opens the file, does its work and closes it, so a sweep never fills the cache.
 * A file is closed only when no transaction runs on it and nobody has pinned it (an async operation
 * that spans several turns of the event loop); a handle whose file was closed reopens on its next use.
 * When every open file is busy, one more is opened beyond the limit and the surplus is closed as soon
 * as an operation ends.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { paths } from "@/lib/config";
import { singleton } from "@/lib/globals";
import { StoreUnavailableError, type StoreUnavailableCode } from "../model";
import { DEFAULT_FANOUT_WORKERS, DEFAULT_OPEN_FILES, fanoutWorkersFromEnv, openFileLimitFromEnv } from "./limits";
import { MESSAGE_FILE_MIGRATIONS, MESSAGE_FILE_VERSION } from "./schema";

export type StoreErrorCode = StoreUnavailableCode;

/** A message file that cannot be used as it is. It is reported, never silently recreated. */
export class StoreError extends StoreUnavailableError {
  constructor(
    code: StoreErrorCode,
    readonly file: string,
    detail: string,
  ) {
    super(code, file, `message file ${file}: ${detail}`);
    this.name = "StoreError";
  }
}

const USERNAME_RE = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A user's file name. Usernames are unique case-insensitively, so the lower-cased name is unique too,
 * and on a case-insensitive file system two spellings can never share a file by accident.
 */
export function userFileName(username: string): string {
  if (!USERNAME_RE.test(username)) throw new Error(`not a valid username for a message file: ${JSON.stringify(username)}`);
  return `${username.toLowerCase()}.db`;
}

/**
 * An archive's file name: a-z, 0-9 and '-' stand for themselves, every other byte (upper case
 * included) becomes `_xx`. The mapping is one-to-one and never yields a path separator or a dot name.
 */
export function channelFileName(channel: string): string {
  if (!channel) throw new Error("empty channel name");
  let out = "";
  for (const byte of Buffer.from(channel, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[a-z0-9-]/.test(ch) ? ch : "_" + byte.toString(16).padStart(2, "0");
  }
  return `${out}.db`;
}

export { DEFAULT_OPEN_FILES, openFileLimitFromEnv } from "./limits";

/**
 * WAL and memory settings of every connection. The WAL is folded into the file every 128 pages
 * (512 KiB) and cut back to 512 KiB after a checkpoint, so it never grows to megabytes; closing the
 * last connection checkpoints it and removes it (SQLite does so on close). No memory-mapping: a
 * mapping keeps every page it touched resident and counted in RSS (312 MB file-backed with 1,000
 * files open before this change), and it does not pay for searches: on a 300,000-message file,
 * 4,800 trigram searches took p50 0.26 / 0.25 ms and p95 0.48 / 0.43 ms without / with a 256 MB
 * mapping, p99 0.96 / 1.27 ms, for 30 MB more RSS; reads go through SQLite's page cache instead.
 */
const CONNECTION_PRAGMAS = [
  "journal_mode = WAL",
  "synchronous = NORMAL",
  "busy_timeout = 5000",
  "mmap_size = 0",
  "wal_autocheckpoint = 128",
  "journal_size_limit = 524288",
] as const;

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT");
}

/** Connections to message files open right now, and the most there were at once (what tests check). */
const connections = () => singleton("message-file-connections", () => ({ live: 0, peak: 0 }));

function counted(db: Database.Database): Database.Database {
  const c = connections();
  c.live++;
  c.peak = Math.max(c.peak, c.live);
  return db;
}

/**
 * Opens (and, when asked, creates) a connection to a message file, bringing its schema up to date.
 * `exclusive`: for a connection that lives only through one synchronous piece of work (a visit), the
 * file is locked for it alone, so SQLite keeps the WAL index in memory instead of creating, mapping
 * and deleting a -shm file; on this machine's ext4 that made a visit (open, write, close) 30-40 %
 * cheaper. Nothing else can run in this process meanwhile, and another process waits (busy_timeout).
 */
function connect(file: string, create: boolean, exclusive = false): Database.Database {
  if (!create && !fs.existsSync(file)) throw new StoreError("missing", file, "does not exist");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: !create });
  } catch (err) {
    if (isCorruption(err)) throw new StoreError("corrupt", file, (err as Error).message);
    throw err;
  }
  try {
    if (exclusive) db.pragma("locking_mode = EXCLUSIVE"); // before the first access, or the -shm is made anyway
    for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma);
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version > MESSAGE_FILE_VERSION) {
      throw new StoreError("too-new", file, `schema version ${version} is newer than this release (${MESSAGE_FILE_VERSION})`);
    }
    if (version < MESSAGE_FILE_VERSION) {
      db.transaction(() => {
        for (const migration of MESSAGE_FILE_MIGRATIONS.slice(version)) db.exec(migration);
        db.pragma(`user_version = ${MESSAGE_FILE_VERSION}`);
      }).immediate();
    }
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    if (isCorruption(err)) throw new StoreError("corrupt", file, (err as Error).message);
    throw err;
  }
  return counted(db);
}

/** Reopens a cached handle whose file was closed (see FilePool). */
interface Reopener {
  reopen(handle: MessageFile): Database.Database;
  released(): void;
}

/**
 * One message file. A handle from the cache (userFile, archiveFile) stays usable for as long as anyone
 * holds it: when the cache has closed its file, the next statement reopens it.
 */
export class MessageFile {
  private readonly statements = new Map<string, Database.Statement>();
  private connection: Database.Database | null;
  private pins = 0;

  constructor(
    readonly file: string,
    connection: Database.Database,
    private readonly pool: Reopener | null = null,
  ) {
    this.connection = connection;
  }

  /** The open connection, reopened through the cache if it was closed. */
  get db(): Database.Database {
    if (this.connection?.open) return this.connection;
    if (!this.pool) throw new Error(`message file ${this.file} is closed`);
    this.statements.clear();
    this.connection = this.pool.reopen(this);
    return this.connection;
  }

  get isOpen(): boolean {
    return this.connection?.open ?? false;
  }

  /** Whether the file may be closed now: no transaction runs on it and nobody pinned it. */
  get idle(): boolean {
    return this.pins === 0 && !(this.connection?.inTransaction ?? false);
  }

  /** A prepared statement, compiled once per connection. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    const db = this.db;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  /** Runs fn in one transaction (BEGIN IMMEDIATE: writers queue on the lock, not fail half-way). */
  write<T>(fn: () => T): T {
    const db = this.db;
    try {
      return db.transaction(fn).immediate();
    } finally {
      if (!db.inTransaction) this.pool?.released();
    }
  }

  /**
   * Keeps the file open while an operation spans turns of the event loop (a history copy that
   * yields between slices); released when `fn` settles.
   */
  async pinned<T>(fn: (file: MessageFile) => Promise<T>): Promise<T> {
    void this.db; // open now, while pinned
    this.pins++;
    try {
      return await fn(this);
    } finally {
      this.pins--;
      this.pool?.released();
    }
  }

  close(): void {
    this.statements.clear();
    if (this.connection?.open) {
      this.connection.close();
      connections().live--;
    }
    this.connection = null;
  }
}

/** Opens a message file outside the cache (tools, tests); the caller closes it. */
export function openMessageFile(file: string, create: boolean): MessageFile {
  return new MessageFile(file, connect(file, create));
}

/**
 * The open files: a least-recently-used cache of handles for users' views and archives, and the
 * files a sweep has open for a moment. Together they stay within the limit unless all are busy.
 * One handle per file for the life of the process (a closed one costs a few hundred bytes), so
 * whoever holds it keeps using the same object when its file is reopened.
 */
class FilePool implements Reopener {
  /** Every handle handed out, open or not, by absolute path. */
  private readonly handles = new Map<string, { handle: MessageFile; create: boolean }>();
  /** The open ones, least- to most-recently used. */
  private readonly open = new Map<string, MessageFile>();
  /** Files opened by sweeps, outside the cache. */
  private visiting = 0;

  /** What this thread may open: the process's bound less one file per fan-out worker. */
  private readonly capacity: number;

  constructor(
    readonly limit: number,
    workers: number,
  ) {
    this.capacity = Math.max(2, limit - workers);
  }

  /** Files open right now, cached or visited. */
  get openCount(): number {
    return this.open.size + this.visiting;
  }

  get cachedCount(): number {
    return this.open.size;
  }

  /** The handle of a file, opened (and created when asked) if need be; now the most recently used. */
  get(file: string, create: boolean): MessageFile {
    const known = this.handles.get(file);
    if (known) {
      if (create) known.create = true;
      const { handle } = known;
      if (handle.isOpen) {
        this.open.delete(file);
        this.open.set(file, handle);
      } else {
        void handle.db; // reopens through this.reopen
      }
      return handle;
    }
    this.makeRoom(1);
    const handle = new MessageFile(file, connect(file, create), this);
    this.handles.set(file, { handle, create });
    this.open.set(file, handle);
    return handle;
  }

  reopen(handle: MessageFile): Database.Database {
    this.open.delete(handle.file);
    this.makeRoom(1);
    const db = connect(handle.file, this.handles.get(handle.file)?.create ?? false);
    this.open.set(handle.file, handle);
    return db;
  }

  /**
   * Runs fn on a file without making it a cached one: its handle when that is open (left where it
   * is in the LRU order), otherwise a connection opened for fn and closed after it.
   */
  visit<T>(file: string, fn: (handle: MessageFile) => T): T {
    const hit = this.open.get(file);
    if (hit) return fn(hit);
    this.makeRoom(1);
    const handle = new MessageFile(file, connect(file, false, true));
    this.visiting++;
    try {
      return fn(handle);
    } finally {
      handle.close();
      this.visiting--;
      this.makeRoom(0);
    }
  }

  isOpen(file: string): boolean {
    return this.open.has(file);
  }

  /** Closes a file and forgets its handle (the file is being deleted). */
  drop(file: string): void {
    this.handles.get(file)?.handle.close();
    this.handles.delete(file);
    this.open.delete(file);
  }

  clear(): void {
    for (const { handle } of this.handles.values()) handle.close();
    this.handles.clear();
    this.open.clear();
  }

  /** An operation on a handle ended: files opened beyond the limit while everything was busy can go. */
  released(): void {
    this.makeRoom(0);
  }

  /** Closes idle least-recently-used files until `spare` more fit under the limit (or none is idle). */
  private makeRoom(spare: number): void {
    if (this.openCount + spare <= this.capacity) return;
    for (const [file, handle] of this.open) {
      if (this.openCount + spare <= this.capacity) return;
      if (!handle.idle) continue;
      this.open.delete(file);
      handle.close();
    }
  }
}

function pool(): FilePool {
  return singleton("message-file-cache", () => {
    let limit = DEFAULT_OPEN_FILES;
    let workers = DEFAULT_FANOUT_WORKERS;
    try {
      workers = fanoutWorkersFromEnv();
      limit = openFileLimitFromEnv();
    } catch (err) {
      // A typo in the environment must not fail every read: said once, and the defaults apply.
      console.error(`[messages] ${(err as Error).message}; using ${limit} open files`);
    }
    return new FilePool(limit, workers);
  });
}

/** How many message files may be open at once. */
export function openFileLimit(): number {
  return pool().limit;
}

export function userFilePath(username: string): string {
  return path.join(paths().userDir, userFileName(username));
}

export function archivePath(channel: string): string {
  return path.join(paths().channelDir, channelFileName(channel));
}

/** A user's file (their view). Only account creation (and login repairing a missing file) passes create. */
export function userFile(username: string, options: { create?: boolean } = {}): MessageFile {
  return pool().get(userFilePath(username), options.create ?? false);
}

/** A public channel's archive, created on first use. */
export function archiveFile(channel: string): MessageFile {
  return pool().get(archivePath(channel), true);
}

/** Runs fn on a user's existing file without caching it (a delivery that reaches everyone). */
export function visitUserFile<T>(username: string, fn: (file: MessageFile) => T): T {
  return pool().visit(userFilePath(username), fn);
}

/** Runs fn on an existing message file by path without caching it (maintenance, such as retention). */
export function visitMessageFile<T>(file: string, fn: (handle: MessageFile) => T): T {
  return pool().visit(file, fn);
}

/** Every message file on disk: users' files and channel archives (maintenance, such as retention). */
export function allMessageFiles(): string[] {
  const { userDir, channelDir } = paths();
  return [userDir, channelDir].flatMap((dir) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".db")).map((n) => path.join(dir, n)) : [],
  );
}

export function userFileExists(username: string): boolean {
  const file = userFilePath(username);
  return pool().isOpen(file) || fs.existsSync(file);
}

/** Closes and deletes a user's file with its WAL and shared-memory companions. */
export function removeUserFile(username: string): void {
  const file = userFilePath(username);
  pool().drop(file);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

/** Handles in the cache. */
export function openHandleCount(): number {
  return pool().cachedCount;
}

/** Message files open right now: cached handles and files a sweep is visiting. */
export function openFileCount(): number {
  return pool().openCount;
}

/**
 * The most message-file connections open at once since the last call (every connection counts: cached,
 * visited, or opened by a tool); starts the next measurement from what is open now.
 */
export function takePeakOpenFiles(): number {
  const c = connections();
  const peak = c.peak;
  c.peak = c.live;
  return peak;
}

/** Closes every handle (shutdown, and tests between data folders). */
export function closeAllMessageFiles(): void {
  pool().clear();
}
