/**
 * What every boards route handler shares: path parameters, the form/JSON/multipart body, the answer
 * (302 for a form, JSON for a caller that asks for it) and the boards' way of saying no: `{"error": …}`
 * to JSON callers, the bare message as text to the rest (the original's `Invalid file type.`), with
 * Retry-After on a cooldown. The domain is lib/boards; this is only HTTP.
 */
import "server-only";
import { CooldownError, findBoard, moderateThread, type ReceivedImage } from "@/lib/boards";
import { fileTooLargeText } from "@/lib/boards/images";
import { settings } from "@/lib/config";
import { DomainError, invalid, notFound, tooLarge } from "@/lib/errors";
import { ApiError, statusOf } from "@/lib/http/errors";
import { isJsonRequest, readFormFields, readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { discard, isMultipart, receiveMultipart, type ReceivedFile } from "@/lib/uploads/receive";

/** A JSON caller: asks for JSON, or sends it. Everyone else is a browser form or a plain script. */
export const wantsJson = (req: Request) => (req.headers.get("accept") ?? "").toLowerCase().includes("application/json") || isJsonRequest(req);

/**
 * A domain refusal as this caller reads it (always JSON from a JSON endpoint); anything else is left
 * to the route wrapper (a logged 500).
 */
export function boardsError(req: Request, err: unknown, jsonEndpoint = false): unknown {
  if (!(err instanceof DomainError)) return err;
  const headers: Record<string, string> = err instanceof CooldownError ? { "Retry-After": String(err.retryAfter) } : {};
  return new ApiError(statusOf(err.code), jsonEndpoint || wantsJson(req) ? { error: err.message } : err.message, headers);
}

/** Runs a handler's work and turns refusals into the boards' answers. */
export async function answering<T>(req: Request, work: () => Promise<T>, options: { jsonEndpoint?: boolean } = {}): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw boardsError(req, err, options.jsonEndpoint);
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,31}$/;
const ID = /^[1-9][0-9]{0,14}$/;

/** The board of the path: a slug that is configured, or not found (markup, `..` and strangers alike). */
export function boardParam(raw: unknown): string {
  const slug = typeof raw === "string" ? raw : "";
  if (!SLUG.test(slug) || !findBoard(slug)) throw notFound("board not found", "json");
  return slug;
}

/** A positive integer path id; anything else is not found, as an unmatched route would be. */
export function idParam(raw: unknown, what: string): number {
  if (typeof raw !== "string" || !ID.test(raw)) throw notFound(`${what} not found`, "json");
  return Number(raw);
}

export type RawParams = Record<string, string | string[] | undefined>;

/** A positive integer query parameter, or `fallback` when absent. */
export function intQuery(url: URL, name: string, fallback: number | undefined, max = 1e15): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^[0-9]{1,16}$/.test(raw) || Number(raw) > max) throw invalid(`${name} must be a whole number`);
  return Number(raw);
}

export interface PostBody {
  fields: Map<string, string>;
  image: ReceivedImage | null;
  /** Temp files to remove when the request is done (a kept image was moved away already). */
  files: ReceivedFile[];
}

const FIELD_LIMIT = 512 * 1024;
/** A multipart form's text fields: each at most 64 KB (a 10,000-character post fits), and few of them. */
const MULTIPART_FIELD_BYTES = 64 * 1024;
const MULTIPART_FIELDS_MAX = 8;
/** Beside the image, room for the fields and the multipart framing; a longer body is cut off at this size. */
const MULTIPART_FIELDS_BUDGET = MULTIPART_FIELDS_MAX * MULTIPART_FIELD_BYTES;

/** The request with its body cut off (an error mid-stream) past `maxBytes`; `exceeded` says whether it was. */
function boundedBody(req: Request, maxBytes: number): { req: Request; exceeded: () => boolean } {
  let seen = 0;
  let over = false;
  const counted = req.body!.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen <= maxBytes) return controller.enqueue(chunk);
        over = true;
        controller.error(new Error("request body too large"));
      },
    }),
  );
  const init: RequestInit & { duplex: "half" } = { method: req.method, headers: req.headers, body: counted, duplex: "half" };
  return { req: new Request(req.url, init), exceeded: () => over };
}

async function readMultipart(req: Request, options: { image: boolean }): Promise<PostBody> {
  const mb = settings().boards.max_upload_size_mb;
  const maxBytes = Math.floor(mb * 1024 * 1024) + MULTIPART_FIELDS_BUDGET;
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge("request body too large");
  const bounded = req.body ? boundedBody(req, maxBytes) : { req, exceeded: () => false };
  let form;
  try {
    form = await receiveMultipart(bounded.req, { maxFileMb: mb, fileFields: options.image ? ["image"] : [] });
  } catch (err) {
    if (bounded.exceeded()) throw tooLarge("request body too large");
    // The original's text for an oversized image; a field too large keeps its own words.
    if (err instanceof DomainError && err.code === "too_large" && err.message.startsWith("file too large")) {
      throw new DomainError("too_large", fileTooLargeText(mb), "json");
    }
    throw err;
  }
  const refuse = (error: DomainError) => {
    discard(form.files);
    return error;
  };
  if (form.files.length > 1) throw refuse(invalid("one image per post"));
  if (form.fields.size > MULTIPART_FIELDS_MAX) throw refuse(invalid("too many form fields"));
  for (const [name, value] of form.fields) {
    if (Buffer.byteLength(value) > MULTIPART_FIELD_BYTES) throw refuse(tooLarge(`field ${name} too large`));
  }
  const file = form.files[0];
  return { fields: form.fields, image: file ? { original: file.original, tempPath: file.tempPath, size: file.size } : null, files: form.files };
}

/** A form (urlencoded or multipart, with an optional `image`) or a JSON object of strings. */
export async function readPostBody(req: Request, options: { image: boolean }): Promise<PostBody> {
  if (isMultipart(req)) return readMultipart(req, options);
  if (isJsonRequest(req)) {
    const body = await readJsonObject(req, FIELD_LIMIT);
    const fields = new Map<string, string>();
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== "string") throw invalid(`${name} must be a string`);
      fields.set(name, value);
    }
    return { fields, image: null, files: [] };
  }
  return { fields: await readFormFields(req, FIELD_LIMIT), image: null, files: [] };
}

/** A field the form must carry (empty is the domain's to judge); missing answers 400 as in the original. */
export function required(body: PostBody, name: string): string {
  const value = body.fields.get(name);
  if (value === undefined) throw invalid(`missing field: ${name}`);
  return value;
}

/** Reads the body, runs `work` with it and always removes what is left of its temp files. */
export async function withPostBody<T>(req: Request, options: { image: boolean }, work: (body: PostBody) => Promise<T>): Promise<T> {
  const body = await readPostBody(req, options);
  try {
    return await work(body);
  } finally {
    discard(body.files);
  }
}

/** The answer to a form post: 302 to `location` for a browser, `body` as JSON (with `status`) for a JSON caller. */
export function done(req: Request, location: string, body: unknown, status = 200): Response {
  if (wantsJson(req)) return json(body, status);
  return new Response(null, { status: 302, headers: { Location: location } });
}

export const threadPath = (board: string, id: number) => `/boards/${board}/${id}/`;


export const boardPath = (board: string) => `/boards/${board}/`;

/** The admins' thread actions without a form: 302 to the thread (the board after a delete), or the thread as JSON. */
export function threadActionRoute(action: "lock" | "unlock" | "sticky" | "unsticky" | "delete") {
  return withUser(async ({ req, user, params }) =>
    answering(req, async () => {
      const board = boardParam(params.board);
      const id = idParam(params.id, "thread");
      const thread = await moderateThread(user, board, id, action);
      return thread ? done(req, threadPath(board, id), thread) : done(req, boardPath(board), { ok: true });
    }),
  );
}
