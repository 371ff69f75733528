// What the blob store holds, whichever store the run uses (files under UPLOAD_DIR, or S3 when S3_BUCKET
// is set), for tests that check what an upload left behind.
import fs from "node:fs";
import { BOARD_MEDIA_FOLDER } from "@/lib/boards/images";
import { AVATAR_FOLDER, blobs, scratchDir } from "@/lib/uploads/storage";

/** The names of the blobs directly in `folder` ("" for uploads, "avatars", "boards"), sorted. */
export async function storedNames(folder = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of blobs().list(folder)) names.push(folder ? blob.key.slice(folder.length + 1) : blob.key);
  return names.sort();
}

/** Uploads being received (or left behind by a failed one): the files in the local staging folder. */
export function stagedFiles(): string[] {
  const dir = scratchDir();
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/**
 * Everything an upload can leave behind, sorted: every blob by key (uploads, `avatars/…`, `boards/…`)
 * and every staged file as `.incoming/<name>` (where the file-system store keeps them).
 */
export async function everythingStored(): Promise<string[]> {
  const keys: string[] = [];
  for (const folder of ["", AVATAR_FOLDER, BOARD_MEDIA_FOLDER]) {
    for (const name of await storedNames(folder)) keys.push(folder ? `${folder}/${name}` : name);
  }
  for (const name of stagedFiles()) keys.push(`.incoming/${name}`);
  return keys.sort();
}
