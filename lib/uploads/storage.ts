/**
 * The blob store port: every read and write of upload and avatar bytes goes through it, so another
 * store (an object store shared by several instances) can replace the file system without touching
 * the callers. Keys are `<stored name>` for uploads and `avatars/<name>` for avatars; a key is one or
 * two plain name segments, never a path that could leave the store. Bytes are streamed both ways.
 *
 * Two stores: files under UPLOAD_DIR (the default), or S3-compatible storage when `S3_BUCKET` is set
 * (./s3.ts; lib/backends.ts reads the settings).
 *
 * Uploads being received are staged as local temp files first (their size is checked and their
 * format decoded before a name is chosen), then handed to the store with `putFile`.
 */
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { s3Backend } from "@/lib/backends";
import { paths } from "@/lib/config";
import { singleton } from "@/lib/globals";
import { S3BlobStore } from "./s3";

export interface BlobInfo {
  key: string;
  size: number;
  /** When the bytes were last written, in ms since the epoch (what retention ages blobs by). */
  modifiedMs: number;
  /** A validator for conditional requests: it changes whenever the bytes may have. */
  etag: string;
}

/** Bytes `start` to `end`, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStore {
  /** Stores the bytes under `key`, replacing any blob of that key; readers never see a partial blob. */
  put(key: string, source: Readable | Uint8Array): Promise<BlobInfo>;
  /** Stores a local temp file under `key` (moved, not copied, where the store allows); the temp file is gone afterwards. */
  putFile(key: string, tempPath: string): Promise<BlobInfo>;
  /** What is stored under `key`, or null when nothing is. */
  stat(key: string): Promise<BlobInfo | null>;
  /** The bytes of `key` (only `range`, when given, which must lie within the blob), or null when nothing is stored. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the blob; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** The blobs directly in `folder` ("" for the top level, "avatars"), in no particular order. */
  list(folder: string): AsyncIterable<BlobInfo>;
  /** Resolves when the store is reachable and usable now (for /readyz); rejects saying what is wrong. */
  ready(): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9._-]{1,255}$/;

/** Whether `name` can be one segment of a key (a stored name, or a folder). */
export const isBlobName = (name: string) => SEGMENT.test(name) && name !== "." && name !== "..";

function checkSegment(segment: string, what: string): void {
  if (!isBlobName(segment)) throw new Error(`invalid blob ${what}: ${JSON.stringify(segment)}`);
}

/** Throws unless `folder` is one plain name segment. */
export const checkFolder = (folder: string) => checkSegment(folder, "folder");

/** The segments of a valid key: a name, or a folder and a name. */
export function keySegments(key: string): string[] {
  const segments = key.split("/");
  if (segments.length > 2) throw new Error(`invalid blob key: ${JSON.stringify(key)}`);
  for (const segment of segments) checkSegment(segment, "key");
  return segments;
}

export const AVATAR_FOLDER = "avatars";
export const avatarKey = (name: string) => `${AVATAR_FOLDER}/${name}`;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === "ENOENT";

/** The file-system store: one file per blob under `root()` (UPLOAD_DIR), folders as directories. */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: () => string) {}

  private file(key: string): string {
    return path.join(this.root(), ...keySegments(key));
  }

  private info(key: string, stat: fs.Stats): BlobInfo {
    return { key, size: stat.size, modifiedMs: stat.mtimeMs, etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"` };
  }

  private async statFile(key: string): Promise<BlobInfo> {
    return this.info(key, await fs.promises.stat(this.file(key)));
  }

  async put(key: string, source: Readable | Uint8Array): Promise<BlobInfo> {
    keySegments(key); // a bad key fails before anything is written
    // Written beside the store and renamed in: a reader sees the old blob or the whole new one.
    const temp = createTempFile();
    try {
      await pipeline(source instanceof Uint8Array ? Readable.from([source]) : source, temp.stream);
      return await this.putFile(key, temp.path);
    } finally {
      removeTempFiles([temp.path]);
    }
  }

  async putFile(key: string, tempPath: string): Promise<BlobInfo> {
    const target = this.file(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.promises.rename(tempPath, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
      // The scratch folder is on another device: copy, then drop the temp file.
      await fs.promises.copyFile(tempPath, target);
      await fs.promises.rm(tempPath, { force: true });
    }
    return this.statFile(key);
  }

  async stat(key: string): Promise<BlobInfo | null> {
    try {
      const stat = await fs.promises.stat(this.file(key));
      return stat.isFile() ? this.info(key, stat) : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.file(key), "r");
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.file(key), { force: true });
  }

  async *list(folder: string): AsyncIterable<BlobInfo> {
    if (folder) checkFolder(folder);
    const dir = path.join(this.root(), folder);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !isBlobName(entry.name)) continue;
      const key = folder ? `${folder}/${entry.name}` : entry.name;
      const info = await this.stat(key);
      if (info) yield info; // gone since the listing: not there any more
    }
  }

  async ready(): Promise<void> {
    // Made if missing, as the first upload would.
    await fs.promises.mkdir(this.root(), { recursive: true });
    await fs.promises.access(this.root(), fs.constants.W_OK);
  }
}

/** The blob store of this process: S3-compatible storage when S3_BUCKET is set, else files under UPLOAD_DIR. */
export function blobs(): BlobStore {
  const s3 = s3Backend();
  if (!s3) return singleton<BlobStore>("blob-store", () => new FsBlobStore(() => paths().uploadDir));
  // Keyed by the settings, so a test file that points S3_* elsewhere gets a store for that place.
  return singleton<BlobStore>(`blob-store:s3:${JSON.stringify(s3)}`, () => new S3BlobStore(s3));
}

/**
 * The local scratch folder where uploads are staged while they are received: UPLOAD_DIR/.incoming beside
 * the files (so the move into the store is a rename), or, on S3, a folder in the OS temp folder (the
 * only writable place on serverless hosts; UPLOAD_DIR stays unused). That folder is named after the
 * bucket, endpoint and prefix: instances of one deployment on one machine share it, which is harmless
 * (only day-old leftovers are swept), and other deployments or test files keep apart.
 */
export function scratchDir(): string {
  const s3 = s3Backend();
  if (!s3) return path.join(paths().uploadDir, ".incoming");
  const place = crypto.createHash("sha256").update(`${s3.endpoint ?? ""}\0${s3.bucket}\0${s3.prefix}`).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `minimost-incoming-${place}`);
}

/** A new temp file in the scratch folder, open for writing. */
export function createTempFile(): { path: string; stream: Writable } {
  const dir = scratchDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, crypto.randomUUID());
  return { path: file, stream: fs.createWriteStream(file) };
}

export function removeTempFiles(files: readonly string[]): void {
  for (const file of files) fs.rmSync(file, { force: true });
}

/** Removes temp files last written before `cutoffMs` (uploads a crash cut short); returns how many. */
export async function removeStaleTempFiles(cutoffMs: number): Promise<number> {
  const dir = scratchDir();
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (err) {
    if (isMissing(err)) return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile() || stat.mtimeMs >= cutoffMs) continue;
    await fs.promises.rm(file, { force: true });
    removed++;
  }
  return removed;
}

/** The first `maxBytes` bytes of a blob (fewer when it is shorter), or null when it is gone. */
export async function readStart(store: BlobStore, blob: BlobInfo, maxBytes: number): Promise<Buffer | null> {
  const length = Math.min(maxBytes, blob.size);
  if (length <= 0) return Buffer.alloc(0);
  const stream = await store.get(blob.key, { start: 0, end: length - 1 });
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).subarray(0, length);
}
