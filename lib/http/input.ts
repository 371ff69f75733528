/**
 * Request bodies. Every reader caps the size, and malformed input becomes a clear 4xx (never a 500).
 */
import "server-only";
import { invalid, tooLarge as tooLargeError, unsupported } from "@/lib/errors";
import { DRAIN_LIMIT } from "@/lib/limits";

const SMALL_BODY_LIMIT = 1024 * 1024;

/** Reads and discards the rest of a body, up to DRAIN_LIMIT; then stops reading it. */
export async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let drained = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.byteLength;
      if (drained > DRAIN_LIMIT) break;
    }
  } catch {
    return; // the client went away
  }
  await reader.cancel().catch(() => undefined);
}

const tooLarge = () => tooLargeError("request body too large");

/** The body's bytes, at most `limit` of them; a longer body answers 413 once it has been drained. */
export async function readBytes(req: Request, limit: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await drainReader(reader);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drainReader(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readText(req: Request, limit: number): Promise<string> {
  const bytes = await readBytes(req, limit);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalid("request body is not valid UTF-8");
  }
}

/** The JSON body; missing or malformed JSON answers 400 `{"error": "invalid JSON body"}`. */
export async function readJson(req: Request, limit = SMALL_BODY_LIMIT): Promise<unknown> {
  const body = await readText(req, limit);
  try {
    return JSON.parse(body);
  } catch {
    throw invalid("invalid JSON body");
  }
}

/** A JSON object body (arrays, strings and null are refused with 400). */
export async function readJsonObject(req: Request, limit = SMALL_BODY_LIMIT): Promise<Record<string, unknown>> {
  const value = await readJson(req, limit);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("JSON body must be an object");
  return value as Record<string, unknown>;
}

/**
 * An urlencoded body's fields (the first of each name). Stricter than URLSearchParams, which keeps a
 * broken %-escape as it is or turns it into U+FFFD: a body no browser would send is refused.
 */
function parseUrlEncoded(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const decode = (raw: string) => decodeURIComponent(raw.replace(/\+/g, " "));
    let name: string;
    let value: string;
    try {
      name = decode(eq < 0 ? pair : pair.slice(0, eq));
      value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    } catch {
      throw invalid("malformed form body");
    }
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

/** Text fields of an urlencoded or multipart form. Files are left to the upload reader. */
export async function readFormFields(req: Request, limit = SMALL_BODY_LIMIT): Promise<Map<string, string>> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded") || type === "") {
    return parseUrlEncoded(await readText(req, limit));
  }
  if (type.startsWith("multipart/form-data")) {
    const fields = new Map<string, string>();
    // Read under the cap first: formData() alone would buffer a body of any size.
    const bytes = await readBytes(req, limit);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(bytes), { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
    } catch {
      throw invalid("malformed form body");
    }
    for (const [name, value] of form) if (typeof value === "string" && !fields.has(name)) fields.set(name, value);
    return fields;
  }
  throw unsupported("expected a form body");
}

export const isJsonRequest = (req: Request) => (req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json");

/**
 * Named string fields from a JSON object or a form (urlencoded or multipart). Missing fields are "";
 * a JSON field of another type answers 400.
 */
export async function readStringFields<N extends string>(req: Request, names: readonly N[], limit = SMALL_BODY_LIMIT): Promise<Record<N, string>> {
  const out = {} as Record<N, string>;
  if (isJsonRequest(req)) {
    const body = await readJsonObject(req, limit);
    for (const name of names) {
      const value = body[name] ?? "";
      if (typeof value !== "string") throw invalid(`${name} must be a string`);
      out[name] = value;
    }
  } else {
    const form = await readFormFields(req, limit);
    for (const name of names) out[name] = form.get(name) ?? "";
  }
  return out;
}
