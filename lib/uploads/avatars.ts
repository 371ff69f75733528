/**
 * Avatars: whatever is uploaded is decoded and re-encoded on the server as a 128×128 centre-cropped
 * JPEG (port decision 10), so the file served is always a plain image we made.
 */
import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { paths } from "@/lib/config";
import { db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import { MAX_IMAGE_PIXELS } from "./receive";

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

/** Replaces the user's avatar with the image in `source`; the previous file is removed. */
export async function setAvatar(user: string, source: string): Promise<void> {
  const jpeg = await reencode(source);
  const dir = paths().avatarDir;
  fs.mkdirSync(dir, { recursive: true });
  const name = `${crypto.randomUUID().replace(/-/g, "")}.jpg`;
  fs.writeFileSync(path.join(dir, name), jpeg);
  const previous = await db().userSettings.findUnique({ where: { username: user }, select: { avatarFile: true } });
  await db().userSettings.upsert({ where: { username: user }, create: { username: user, avatarFile: name }, update: { avatarFile: name } });
  removeAvatarFile(previous?.avatarFile);
}

export function removeAvatarFile(name: string | null | undefined): void {
  if (name && AVATAR_NAME.test(name)) fs.rmSync(path.join(paths().avatarDir, name), { force: true });
}

export async function deleteAvatar(user: string): Promise<void> {
  const previous = await db().userSettings.findUnique({ where: { username: user }, select: { avatarFile: true } });
  await db().userSettings.updateMany({ where: { username: user }, data: { avatarFile: null } });
  removeAvatarFile(previous?.avatarFile);
}

/** The avatar file of a user (any spelling of the name), or null. */
export async function avatarPath(username: string): Promise<string | null> {
  const row = await db().user.findUnique({ where: { usernameKey: username.toLowerCase() }, select: { settings: { select: { avatarFile: true } } } });
  const name = row?.settings?.avatarFile;
  if (!name || !AVATAR_NAME.test(name)) return null;
  const file = path.join(paths().avatarDir, name);
  return fs.existsSync(file) ? file : null;
}

export async function usersWithAvatars(): Promise<string[]> {
  const rows = await db().userSettings.findMany({ where: { avatarFile: { not: null } }, select: { username: true } });
  return rows.map((r) => r.username);
}
