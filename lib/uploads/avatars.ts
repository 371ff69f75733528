/**
 * Avatars: whatever is uploaded is decoded and re-encoded on the server as a 128×128 centre-cropped
 * JPEG (port decision 10), so the file served is always a plain image we made. The JPEGs live in
 * the blob store under `avatars/`.
 */
import "server-only";
import crypto from "node:crypto";
import sharp from "sharp";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import { MAX_IMAGE_PIXELS } from "./receive";
import { avatarKey, blobs, type BlobInfo } from "./storage";

export const AVATAR_SIZE = 128;
const AVATAR_NAME = /^[0-9a-f]{32}\.jpg$/;

async function reencode(source: string): Promise<Buffer> {
  try {
    return await sharp(source, { limitInputPixels: MAX_IMAGE_PIXELS })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover", position: "centre" })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 88, mozjpeg: true })
      .toBuffer();
  } catch {
    throw invalid("not an image", "plain");
  }
}

/** Replaces the user's avatar with the image in `source` (a local temp file); the previous one is removed. */
export async function setAvatar(user: string, source: string): Promise<void> {
  const jpeg = await reencode(source);
  const name = `${crypto.randomUUID().replace(/-/g, "")}.jpg`;
  await blobs().put(avatarKey(name), jpeg);
  const previous = await db().userSettings.findUnique({ where: { username: user }, select: { avatarFile: true } });
  await db().userSettings.upsert({ where: { username: user }, create: { username: user, avatarFile: name }, update: { avatarFile: name } });
  await removeAvatarFile(previous?.avatarFile);
}

/** Removes an avatar's JPEG; a failure is logged, never thrown (the account change stands without it). */
export async function removeAvatarFile(name: string | null | undefined): Promise<void> {
  if (!name || !AVATAR_NAME.test(name)) return;
  await blobs()
    .delete(avatarKey(name))
    .catch((err: unknown) => console.error(`[avatars] could not remove ${name}`, err));
}

export async function deleteAvatar(user: string): Promise<void> {
  const previous = await db().userSettings.findUnique({ where: { username: user }, select: { avatarFile: true } });
  await db().userSettings.updateMany({ where: { username: user }, data: { avatarFile: null } });
  await removeAvatarFile(previous?.avatarFile);
}

/** The stored avatar of a user (any spelling of the name), or null. */
export async function avatarBlob(username: string): Promise<BlobInfo | null> {
  const row = await db().user.findUnique({ where: { usernameKey: username.toLowerCase() }, select: { settings: { select: { avatarFile: true } } } });
  const name = row?.settings?.avatarFile;
  if (!name || !AVATAR_NAME.test(name)) return null;
  return blobs().stat(avatarKey(name));
}

export async function usersWithAvatars(): Promise<string[]> {
  const rows = await db().userSettings.findMany({ where: { avatarFile: { not: null } }, select: { username: true } });
  return rows.map((r) => r.username);
}
