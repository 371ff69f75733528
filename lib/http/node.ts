// Serving a face over Node's own request and response, for the answers whose header names must go out
// exactly as written (the tribune's `X-Post-Id`, `Last-Modified`, `Content-Type`: spec §11.3). Web `Headers`
// lower-case every name; `res.setHeader` keeps the casing it is given on HTTP/1.1.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
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

/** One set of requests answered before Next.js: which ones, and how. */
export interface BeforeNextDoor {
  matches: (req: IncomingMessage) => boolean;
  serve: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

const installed = globalThis as unknown as { __minimostBeforeNext?: () => void };

/**
 * Answers the requests a door picks on Node's own objects, before Next.js sees them (each server of this
 * process); the first door that matches serves. Installed once at start-up; every other request goes on
 * to Next.js untouched. Answers the function that uninstalls it (tests). `serveBeforeNext(matches, serve)`
 * is the one-door form.
 */
export function serveBeforeNext(doors: readonly BeforeNextDoor[]): () => void;
export function serveBeforeNext(matches: BeforeNextDoor["matches"], serve: BeforeNextDoor["serve"]): () => void;
export function serveBeforeNext(
  first: readonly BeforeNextDoor[] | BeforeNextDoor["matches"],
  serve?: BeforeNextDoor["serve"],
): () => void {
  if (installed.__minimostBeforeNext) return installed.__minimostBeforeNext;
  const doors: readonly BeforeNextDoor[] = typeof first === "function" ? [{ matches: first, serve: serve! }] : first;
  const emit = http.Server.prototype.emit;
  const original = emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as IncomingMessage;
      for (const door of doors) {
        if (!door.matches(req)) continue;
        void door.serve(req, args[1] as ServerResponse);
        return true;
      }
    }
    return original.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  const uninstall = () => {
    http.Server.prototype.emit = emit;
    installed.__minimostBeforeNext = undefined;
  };
  installed.__minimostBeforeNext = uninstall;
  return uninstall;
}
