/** Who may fetch an upload: someone who can see a live message that carries it (port decision 3). */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { canSeeAttachment } from "@/lib/chat/messages";
import { paths } from "@/lib/config";
import { forbidden, notFound } from "@/lib/errors";
import { isStoredName } from "./names";

/** The upload's path on disk, after the access check: 404 for names that are not ours, 403 for outsiders. */
export async function uploadFor(user: string, name: string): Promise<string> {
  if (!isStoredName(name)) throw notFound();
  if (!(await canSeeAttachment(user, name))) throw forbidden();
  const file = path.join(paths().uploadDir, name);
  if (!fs.existsSync(file)) throw notFound();
  return file;
}
