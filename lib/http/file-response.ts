/**
 * A stored blob as an HTTP answer: Content-Type, Content-Length, one byte range (206/416), HEAD,
 * and a validator for conditional requests. The bytes are streamed from the store, never read whole.
 */
import "server-only";
import { Readable } from "node:stream";
import { notFound } from "@/lib/errors";
import { blobs, type BlobInfo } from "@/lib/uploads/storage";
import { FILE_CSP } from "./security-headers";

export interface FileAnswer {
  contentType: string;
  disposition?: string;
  cacheControl?: string;
  csp?: string;
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` for a name of any characters. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function parseRange(header: string, size: number): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null; // malformed or multi-range: send it all
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

export async function fileResponse(req: Request, blob: BlobInfo, answer: FileAnswer): Promise<Response> {
  const size = blob.size;
  const etag = blob.etag;
  const headers = new Headers({
    "Content-Type": answer.contentType,
    "Accept-Ranges": "bytes",
    ETag: etag,
    "Last-Modified": new Date(blob.modifiedMs).toUTCString(),
    "Cache-Control": answer.cacheControl ?? "private, no-cache",
    "Content-Security-Policy": answer.csp ?? FILE_CSP,
  });
  if (answer.disposition) headers.set("Content-Disposition", answer.disposition);
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const rangeHeader = req.headers.get("range");
  const range = rangeHeader ? parseRange(rangeHeader, size) : null;
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  headers.set("Content-Length", String(Math.max(0, end - start + 1)));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${size}`);
  const status = range ? 206 : 200;
  if (req.method === "HEAD" || size === 0) return new Response(null, { status, headers });
  const body = await blobs().get(blob.key, { start, end });
  // Removed since it was looked up (a message deleted meanwhile): as if it had never been there.
  if (!body) throw notFound();
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, headers });
}
