/**
 * Board images: an upload is kept only when its extension is one of png, jpg/jpeg, gif, webp AND sharp
 * decodes it as that very format (a lying extension is refused), within the size limit. The full-size
 * image is re-encoded in its own format without its metadata (EXIF GPS positions, camera owners'
 * names), turned upright first; an animation keeps its frames. A thumbnail is made at upload. Both go
 * to the blob store's `boards` folder, away from the chat's uploads (and their retention), under fresh
 * random names.
 */
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import sharp, { type Metadata } from "sharp";
import { megabytesLabel, settings } from "@/lib/config";
import { DomainError, invalid, tooLarge } from "@/lib/errors";
import { extensionOf } from "@/lib/uploads/names";
import { MAX_IMAGE_PIXELS } from "@/lib/uploads/receive";
import { blobs } from "@/lib/uploads/storage";

/** An uploaded file as received (a local temp file the caller removes if it is still there afterwards). */
export interface ReceivedImage {
  original: string;
  tempPath: string;
  size: number;
}

export interface StoredImage {
  image: string;
  thumbnail: string;
}

export const BOARD_MEDIA_FOLDER = "boards";
/** Names served by `GET /boards/media/<name>`: an image, or its `s.webp` thumbnail. */
export const MEDIA_NAME = /^[0-9a-f]{32}(?:s\.webp|\.(?:png|jpg|jpeg|gif|webp))$/;
const THUMBNAIL_SIZE = 250;

/** An animation's frames are limited one by one (as a still image) and in number, and all together. */
export const MAX_FRAMES = 1_000;
export const MAX_ANIMATION_PIXELS = 100_000_000;

/** The format sharp must find for each accepted extension. */
type KeptFormat = "png" | "jpeg" | "gif" | "webp";
const FORMAT_OF: Record<string, KeptFormat> = { png: "png", jpg: "jpeg", jpeg: "jpeg", gif: "gif", webp: "webp" };

export const INVALID_FILE_TYPE = "Invalid file type.";
/** The original's 413 text, with the configured size. */
export const fileTooLargeText = (mb = settings().boards.max_upload_size_mb) => `File is too large (max ${megabytesLabel(mb)}MB).`;

export const mediaContentType = (name: string): string =>
  ({ png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" })[extensionOf(name)] ?? "application/octet-stream";

/** What checkImage found: the frame count decides how the image is re-encoded. */
interface CheckedImage {
  format: KeptFormat;
  frames: number;
}

/** Refuses what is not an image we keep; nothing is written. */
export async function checkImage(file: ReceivedImage): Promise<void> {
  await inspect(file);
}

async function inspect(file: ReceivedImage): Promise<CheckedImage> {
  const expected = FORMAT_OF[extensionOf(file.original)];
  if (!expected) throw invalid(INVALID_FILE_TYPE);
  const mb = settings().boards.max_upload_size_mb;
  if (file.size > mb * 1024 * 1024) throw tooLarge(fileTooLargeText(mb));
  if (file.size === 0) throw invalid(INVALID_FILE_TYPE);
  let meta: Metadata;
  try {
    // The header only: one frame's size and the number of frames, whatever their total.
    meta = await sharp(file.tempPath, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
  } catch {
    throw invalid(INVALID_FILE_TYPE);
  }
  const framePixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  const frames = Math.max(1, meta.pages ?? 1);
  if (meta.format !== expected || framePixels <= 0 || framePixels > MAX_IMAGE_PIXELS) throw invalid(INVALID_FILE_TYPE);
  if (frames > MAX_FRAMES || framePixels * frames > MAX_ANIMATION_PIXELS) throw invalid(INVALID_FILE_TYPE);
  return { format: expected, frames };
}

/** The full-size image as served: re-encoded in its own format, upright, with no metadata (sharp keeps none unless asked). */
async function reencode(path: string, { format, frames }: CheckedImage): Promise<Buffer> {
  const animated = frames > 1;
  const image = sharp(path, { animated, limitInputPixels: animated ? MAX_ANIMATION_PIXELS : MAX_IMAGE_PIXELS });
  // An animation's frames are not turned (their formats carry no orientation we honour); a still is.
  if (!animated) image.rotate();
  const options = format === "jpeg" || format === "webp" ? { quality: 90 } : {};
  return image.toFormat(format, options).toBuffer();
}

/** Re-encodes the image, makes the thumbnail and hands both to the blob store; all or nothing. Call checkImage first. */
export async function storeImage(file: ReceivedImage): Promise<StoredImage> {
  const hex = crypto.randomUUID().replace(/-/g, "");
  const ext = extensionOf(file.original);
  const stored: StoredImage = { image: `${BOARD_MEDIA_FOLDER}/${hex}.${ext}`, thumbnail: `${BOARD_MEDIA_FOLDER}/${hex}s.webp` };
  let thumb: Buffer;
  let full: Buffer;
  try {
    const checked = await inspect(file);
    [full, thumb] = await Promise.all([
      reencode(file.tempPath, checked),
      sharp(file.tempPath, { limitInputPixels: MAX_IMAGE_PIXELS })
        .rotate()
        .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: "inside", withoutEnlargement: true })
        .webp({ quality: 75 })
        .toBuffer(),
    ]);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw invalid(INVALID_FILE_TYPE); // decodes its header but not its pixels
  }
  try {
    await blobs().put(stored.thumbnail, thumb);
    await blobs().put(stored.image, full);
  } catch (err) {
    await removeImages([stored.image, stored.thumbnail]);
    throw err;
  } finally {
    fs.rmSync(file.tempPath, { force: true });
  }
  return stored;
}

/** Removes stored board images; a failure is logged, never thrown. */
export async function removeImages(keys: ReadonlyArray<string | null>): Promise<void> {
  await Promise.all(
    keys
      .filter((key): key is string => !!key)
      .map((key) => blobs().delete(key).catch((err: unknown) => console.error(`[boards] could not remove ${key}`, err))),
  );
}
