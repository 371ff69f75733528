/**
 * Request bodies. Every reader caps the size, and malformed input becomes a clear 4xx (never a 500).
 */
import "server-only";
import { jsonError } from "./errors";

const SMALL_BODY_LIMIT = 1024 * 1024;

async function readText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw jsonError(413, "request body too large");
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw jsonError(413, "request body too large");
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw jsonError(400, "request body is not valid UTF-8");
  }
}

/** The JSON body; missing or malformed JSON answers 400 `{"error": "invalid JSON body"}`. */
export async function readJson(req: Request, limit = SMALL_BODY_LIMIT): Promise<unknown> {
  const body = await readText(req, limit);
  try {
    return JSON.parse(body);
  } catch {
    throw jsonError(400, "invalid JSON body");
  }
}

/** A JSON object body (arrays, strings and null are refused with 400). */
export async function readJsonObject(req: Request, limit = SMALL_BODY_LIMIT): Promise<Record<string, unknown>> {
  const value = await readJson(req, limit);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw jsonError(400, "JSON body must be an object");
  return value as Record<string, unknown>;
}

/** Text fields of an urlencoded or multipart form. Files are left to the upload reader. */
export async function readFormFields(req: Request, limit = SMALL_BODY_LIMIT): Promise<Map<string, string>> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const fields = new Map<string, string>();
  if (type.startsWith("application/x-www-form-urlencoded") || type === "") {
    const body = await readText(req, limit);
    for (const [name, value] of new URLSearchParams(body)) if (!fields.has(name)) fields.set(name, value);
    return fields;
  }
  if (type.startsWith("multipart/form-data")) {
    const declared = Number(req.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) throw jsonError(413, "request body too large");
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw jsonError(400, "malformed form body");
    }
    for (const [name, value] of form) if (typeof value === "string" && !fields.has(name)) fields.set(name, value);
    return fields;
  }
  throw jsonError(415, "expected a form body");
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
      if (typeof value !== "string") throw jsonError(400, `${name} must be a string`);
      out[name] = value;
    }
  } else {
    const form = await readFormFields(req, limit);
    for (const name of names) out[name] = form.get(name) ?? "";
  }
  return out;
}
