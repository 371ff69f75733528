// Every /tribune/… URL (rewritten here by next.config.ts). A Pages Router API route, because it hands us Node's
// own response, whose header names keep their casing on the wire (spec §11.3); the tribune itself is
// lib/tribune/service.ts.
import type { NextApiRequest, NextApiResponse } from "next";
import { nodeHeaders, readNodeBody, sendNodeAnswer } from "@/lib/http/node";
import { handleTribune, POST_BODY_LIMIT } from "@/lib/tribune/service";

// The body is read here, bounded, and parsed by the tribune (url-encoded or multipart, `last_id` first).
export const config = { api: { bodyParser: false, responseLimit: false } };

const TEXT = "text/plain; charset=utf-8";

export default async function tribune(req: NextApiRequest, res: NextApiResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    // The original path (before the rewrite) keeps the trailing slash, which is all that may differ.
    const path = url.pathname.replace(/^\/api\/tribune/, "").replace(/^\/tribune/, "");
    let segments: string[];
    try {
      segments = path.split("/").slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return sendNodeAnswer(res, { status: 400, headers: [["Content-Type", TEXT]], body: "Malformed path" });
    }
    const hasBody = req.method === "POST" || req.method === "PUT";
    const read = hasBody ? await readNodeBody(req, POST_BODY_LIMIT) : { ok: true as const, body: null };
    if (!read.ok) return sendNodeAnswer(res, { status: 413, headers: [["Content-Type", TEXT]], body: "Request body too large" });
    const answer = await handleTribune({ method: req.method ?? "GET", segments, query: url.searchParams, headers: nodeHeaders(req), body: read.body });
    sendNodeAnswer(res, answer);
  } catch (err) {
    console.error("[tribune]", err);
    if (!res.headersSent) sendNodeAnswer(res, { status: 500, headers: [["Content-Type", TEXT]], body: "Internal error" });
  }
}
