/**
 * Multipart bodies with files, read as a stream: each file goes straight to a temp file, and one that
 * passes the size limit stops the upload at once with the reference's 413 (an oversized body is
 * never buffered). Files claiming an image extension are kept as images only when sharp decodes
 * their header into a supported format within the pixel limit; anything else becomes a download.
 * Accepted files are handed to the blob store (./storage) under their stored names.
 */
import "server-only";
import crypto from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import sharp from "sharp";
import { megabytesLabel } from "@/lib/config";
import { DomainError, invalid, tooLarge as tooLargeError } from "@/lib/errors";
import { DRAIN_LIMIT } from "@/lib/limits";
import { extensionOf, IMAGE_EXTENSIONS, storedNameFor } from "./names";
import { blobs, createTempFile, removeTempFiles } from "./storage";

/** Images above this many pixels are treated as downloads (decompression bombs never decode). */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** An animation shown inline has at most this many frames, and this many pixels in all its frames. */
const MAX_FRAMES = 1_000;
const MAX_ANIMATION_PIXELS = 100_000_000;
const MAX_FILES = 20;
const MAX_FIELD_BYTES = 4 * 1024 * 1024;
const IMAGE_FORMATS = new Set(["jpeg", "png", "gif", "webp"]);

export interface ReceivedFile {
  field: string;
  original: string;
  /** A local temp file, until `keep` hands it to the blob store. */
  tempPath: string;
  size: number;
}

export interface ReceivedForm {
  fields: Map<string, string>;
  files: ReceivedFile[];
}

export const tooLarge = (mb: number) => tooLargeError(`file too large (max ${megabytesLabel(mb)} MB)`, "plain");

export function discard(files: readonly ReceivedFile[]): void {
  removeTempFiles(files.map((file) => file.tempPath));
}

export const isMultipart = (req: Request) => (req.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");

/** Reads a multipart body; files of `fileFields` go to temp files, at most `maxFileMb` each. */
export async function receiveMultipart(req: Request, options: { maxFileMb: number; fileFields: readonly string[] }): Promise<ReceivedForm> {
  const type = req.headers.get("content-type") ?? "";
  if (!isMultipart(req) || !req.body) throw invalid("expected a multipart/form-data body");
  const maxBytes = Math.floor(options.maxFileMb * 1024 * 1024);
  const fields = new Map<string, string>();
  const files: ReceivedFile[] = [];
  const writes: Promise<void>[] = [];
  let failure: DomainError | null = null;

  let parser: Busboy.Busboy;
  try {
    parser = Busboy({
      headers: { "content-type": type },
      limits: { fileSize: maxBytes, files: MAX_FILES, fields: 50, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES + 50 },
      defParamCharset: "utf8",
    });
  } catch {
    throw invalid("malformed multipart body");
  }
  const source = Readable.fromWeb(req.body as import("node:stream/web").ReadableStream);
  let finish = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // Stop parsing at once; the parser finishes the chunk in hand before it is torn down (destroying
  // it inside one of its own events corrupts its state). The rest of the body is read and thrown
  // away (up to DRAIN_LIMIT), so the connection stays usable for the client's next request.
  const fail = (err: DomainError) => {
    if (failure) return;
    failure = err;
    source.unpipe(parser);
    const drained = new Promise<void>((resolve) => {
      if (source.readableEnded || source.destroyed) return resolve();
      let left = DRAIN_LIMIT;
      source.on("data", (chunk: Buffer) => {
        left -= chunk.length;
        if (left < 0) source.destroy();
      });
      source.once("end", resolve);
      source.once("close", resolve);
      source.resume();
    });
    setImmediate(() => {
      parser.destroy();
      void drained.then(finish);
    });
  };

  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(tooLargeError(`field ${name} too large`));
    else if (!fields.has(name)) fields.set(name, value);
  });
  parser.on("file", (name, stream, info) => {
    if (failure || !options.fileFields.includes(name) || !info.filename) {
      stream.resume(); // an unnamed part is what a browser sends for "no file chosen"
      return;
    }
    const temp = createTempFile();
    const file: ReceivedFile = { field: name, original: info.filename, tempPath: temp.path, size: 0 };
    files.push(file);
    stream.on("data", (chunk: Buffer) => (file.size += chunk.length));
    stream.on("limit", () => {
      stream.resume();
      fail(tooLarge(options.maxFileMb));
    });
    const out = temp.stream;
    // 'close' comes once the file is really closed, even when the write was cut short: only then
    // can a refused upload's temp file be removed for good.
    const closed = new Promise<void>((resolve) => out.once("close", () => resolve()));
    writes.push(pipeline(stream, out).then(() => closed, () => closed));
  });
  parser.on("filesLimit", () => fail(tooLargeError(`at most ${MAX_FILES} files per message`)));
  parser.on("partsLimit", () => fail(tooLargeError("too many parts")));

  // After a failure, the answer waits for the rest of the body to be drained instead.
  parser.on("close", () => failure || finish());
  parser.on("error", () => fail(invalid("malformed multipart body")));
  source.on("error", () => fail(invalid("upload interrupted")));
  source.pipe(parser);
  await finished;
  await Promise.all(writes);
  if (failure) {
    discard(files);
    throw failure;
  }
  const empty = files.find((f) => f.size === 0);
  if (empty) {
    discard(files);
    throw invalid(`empty file: ${empty.original}`);
  }
  return { fields, files };
}

/** Whether the file really is an image of a format we show inline (header decoded, size sane). */
export async function decodesAsImage(file: string): Promise<boolean> {
  try {
    // One frame's size is what the pixel limit is about: read as an animation, sharp would count every
    // frame against it and refuse an ordinary animated GIF. The frames are bounded on their own.
    const meta = await sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    const pixels = (meta.width ?? 0) * (meta.height ?? 0);
    const frames = meta.pages ?? 1;
    return (
      IMAGE_FORMATS.has(meta.format ?? "") &&
      pixels > 0 &&
      pixels <= MAX_IMAGE_PIXELS &&
      frames <= MAX_FRAMES &&
      pixels * frames <= MAX_ANIMATION_PIXELS
    );
  } catch {
    return false;
  }
}

/** Hands received files to the blob store under their stored names; returns the names in order. */
export async function keep(files: readonly ReceivedFile[]): Promise<string[]> {
  const names: string[] = [];
  try {
    for (const file of files) {
      const image = IMAGE_EXTENSIONS.has(extensionOf(file.original)) && (await decodesAsImage(file.tempPath));
      const stored = storedNameFor(file.original, image, crypto.randomUUID());
      await blobs().putFile(stored, file.tempPath);
      names.push(stored);
    }
  } catch (err) {
    // All or nothing: what was stored goes, and what was still waiting is thrown away.
    await removeUploads(names);
    discard(files);
    throw err;
  }
  return names;
}

/** Removes stored uploads (a deleted message's attachments); a failure is logged, never thrown. */
export async function removeUploads(names: readonly string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      blobs()
        .delete(path.basename(name))
        .catch((err: unknown) => console.error(`[uploads] could not remove ${name}`, err)),
    ),
  );
}
