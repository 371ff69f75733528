/** The code preview of an uploaded text file (`GET /file_preview/<name>`), read from the blob store. */
import "server-only";
import { isTextFilename, originalName } from "@/lib/uploads/names";
import { blobs, readStart, type BlobInfo } from "@/lib/uploads/storage";
import { codePreview, type CodePreview } from "./code";

/** Only the start of a large file is read: the card shows at most PREVIEW_LINES lines anyway. */
const READ_CAP = 512 * 1024;

/** The card of a stored upload, or `{}` for files that are not text (by name, or by a NUL inside). */
export async function filePreview(blob: BlobInfo): Promise<CodePreview | Record<string, never>> {
  const display = originalName(blob.key);
  if (!isTextFilename(display)) return {};
  const head = await readStart(blobs(), blob, READ_CAP);
  if (!head || head.includes(0)) return {}; // gone meanwhile, or binary after all
  return codePreview(head.toString("utf8"), { filename: display, filepath: display, url: `/files/${blob.key}` });
}
