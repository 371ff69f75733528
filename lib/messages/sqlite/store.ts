/**
 * The message files: one SQLite file per user (DATA_DIR/users) and one archive per public channel
 * (DATA_DIR/channels). This module and its siblings in lib/messages/sqlite own all raw SQL on these
 * files; nothing else opens them (the rest of the app goes through the MessageStore port).
 *
 * Handles are kept open in a bounded LRU cache, each with its own prepared-statement cache.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { paths } from "@/lib/config";
import { singleton } from "@/lib/globals";
import { StoreUnavailableError, type StoreUnavailableCode } from "../model";
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

export class MessageFile {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    readonly file: string,
    readonly db: Database.Database,
  ) {}

  /** A prepared statement, compiled once per handle. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  /** Runs fn in one transaction (BEGIN IMMEDIATE: writers queue on the lock, not fail half-way). */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? "";
  return code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT");
}

/** Opens (and, when asked, creates) a message file, bringing its schema up to date. */
export function openMessageFile(file: string, create: boolean): MessageFile {
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
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 5000");
    // Reads go through the page cache directly instead of a read() per page.
    db.pragma("mmap_size = 67108864");
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
  return new MessageFile(file, db);
}

/** A least-recently-used cache of open handles, keyed by absolute path. */
class HandleCache {
  private readonly handles = new Map<string, MessageFile>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.handles.size;
  }

  get(file: string, create: boolean): MessageFile {
    const hit = this.handles.get(file);
    if (hit) {
      this.handles.delete(file);
      this.handles.set(file, hit);
      return hit;
    }
    const opened = openMessageFile(file, create);
    this.handles.set(file, opened);
    while (this.handles.size > this.capacity) {
      const [oldest, handle] = this.handles.entries().next().value as [string, MessageFile];
      this.handles.delete(oldest);
      handle.close();
    }
    return opened;
  }

  has(file: string): boolean {
    return this.handles.has(file);
  }

  drop(file: string): void {
    this.handles.get(file)?.close();
    this.handles.delete(file);
  }

  clear(): void {
    for (const handle of this.handles.values()) handle.close();
    this.handles.clear();
  }
}

const DEFAULT_CACHE_SIZE = 1024;

function cache(): HandleCache {
  return singleton("message-file-cache", () => {
    const size = Number(process.env.MESSAGE_FILE_CACHE_SIZE) || DEFAULT_CACHE_SIZE;
    return new HandleCache(Math.max(2, size));
  });
}

export function userFilePath(username: string): string {
  return path.join(paths().userDir, userFileName(username));
}

export function archivePath(channel: string): string {
  return path.join(paths().channelDir, channelFileName(channel));
}

/** A user's file. Only account creation (and login repairing a missing file) passes create. */
export function userFile(username: string, options: { create?: boolean } = {}): MessageFile {
  return cache().get(userFilePath(username), options.create ?? false);
}

/** A public channel's archive, created on first use. */
export function archiveFile(channel: string): MessageFile {
  return cache().get(archivePath(channel), true);
}

/** Every message file on disk: users' files and channel archives (maintenance, such as retention). */
export function allMessageFiles(): string[] {
  const { userDir, channelDir } = paths();
  return [userDir, channelDir].flatMap((dir) =>
    fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".db")).map((n) => path.join(dir, n)) : [],
  );
}

/** An existing message file by path, through the handle cache. */
export function messageFileAt(file: string): MessageFile {
  return cache().get(file, false);
}

export function userFileExists(username: string): boolean {
  const file = userFilePath(username);
  return cache().has(file) || fs.existsSync(file);
}

/** Closes and deletes a user's file with its WAL and shared-memory companions. */
export function removeUserFile(username: string): void {
  const file = userFilePath(username);
  cache().drop(file);
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

export function openHandleCount(): number {
  return cache().size;
}

/** Closes every handle (shutdown, and tests between data folders). */
export function closeAllMessageFiles(): void {
  cache().clear();
}
