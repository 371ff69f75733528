/** Who may fetch an upload: someone who can see a live message that carries it (port decision 3). */
import "server-only";
import { canSeeAttachment } from "@/lib/messaging";
import { forbidden, notFound } from "@/lib/errors";
import { isStoredName } from "./names";
import { blobs, type BlobInfo } from "./storage";

/** The stored upload, after the access check: 404 for names that are not ours, 403 for outsiders. */
export async function uploadFor(user: string, name: string): Promise<BlobInfo> {
  if (!isStoredName(name)) throw notFound();
  if (!(await canSeeAttachment(user, name))) throw forbidden();
  const blob = await blobs().stat(name);
  if (!blob) throw notFound();
  return blob;
}
