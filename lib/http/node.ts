// Serving a face over Node's own request and response, for the answers whose header names must go out
// exactly as written (the tribune's `X-Post-Id`, `Last-Modified`, `Content-Type`: spec §11.3). Web `Headers`
// lower-case every name; `res.setHeader` keeps the casing it is given on HTTP/1.1.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DRAIN_LIMIT } from "@/lib/limits";

export type NodeBody = { ok: true; body: Buffer } | { ok: false; status: 413 };

/** Reads a request body up to `limit` bytes; a larger one is read to its end (up to DRAIN_LIMIT) and refused. */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<NodeBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = declared > limit;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on("end", () => resolve(tooLarge ? { ok: false, status: 413 } : { ok: true, body: Buffer.concat(chunks) }));
    req.on("close", () => {
      if (!req.complete) resolve({ ok: false, status: 413 });
    });
    req.on("error", reject);
  });
}

/** The request's headers, names lower-cased, repeated ones joined as HTTP allows. */
export function nodeHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    out[name] = Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
  }
  return out;
}

export type NodeAnswer = { status: number; headers: ReadonlyArray<readonly [string, string]>; body: string };

/** Writes an answer with its header names exactly as given; repeated names (Set-Cookie) are all sent. */
export function sendNodeAnswer(res: ServerResponse, answer: NodeAnswer, head = false): void {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of answer.headers) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
  const body = Buffer.from(answer.body, "utf8");
  if (answer.status !== 304) res.setHeader("Content-Length", String(body.length));
  if (answer.status === 413) res.setHeader("Connection", "close");
  res.statusCode = answer.status;
  res.end(head || answer.status === 304 ? undefined : body);
}
