// Shorthands for the boards route handlers (app/boards/…), used by the boards-*.test.ts files.
import { GET as boardsJsonRoute } from "@/app/boards/boards.json/route";
import { GET as mediaGet, HEAD as mediaHead } from "@/app/boards/media/[name]/route";
import { POST as newRoute } from "@/app/boards/[board]/new/route";
import { GET as threadsRoute } from "@/app/boards/[board]/threads.json/route";
import { POST as replyRoute } from "@/app/boards/[board]/[id]/reply/route";
import { GET as postsRoute } from "@/app/boards/[board]/[id]/posts/route";
import { POST as editRoute } from "@/app/boards/[board]/[id]/posts/[post]/edit/route";
import { POST as deleteRoute } from "@/app/boards/[board]/[id]/posts/[post]/delete/route";
import { POST as reportRoute } from "@/app/boards/[board]/[id]/posts/[post]/report/route";
import { POST as lockRoute } from "@/app/boards/[board]/[id]/lock/route";
import { POST as unlockRoute } from "@/app/boards/[board]/[id]/unlock/route";
import { POST as stickyRoute } from "@/app/boards/[board]/[id]/sticky/route";
import { POST as unstickyRoute } from "@/app/boards/[board]/[id]/unsticky/route";
import { POST as moveRoute } from "@/app/boards/[board]/[id]/move/route";
import { POST as threadDeleteRoute } from "@/app/boards/[board]/[id]/delete/route";
import { GET as reportsRoute } from "@/app/boards/reports.json/route";
import { POST as dismissRoute } from "@/app/boards/reports/[report]/dismiss/route";
import { everythingStored } from "./blobs";
import { BASE, call, type RequestOptions } from "./http";

export const JSON_ACCEPT = { accept: "application/json" };

/** Board settings without the posting cooldowns, for suites that post many threads and replies in a row. */
export const NO_COOLDOWNS = { boards: { thread_cooldown_seconds: 0, reply_cooldown_seconds: 0 } };

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A multipart body: string fields, and files as [field, name, bytes]. */
export function multipart(fields: Record<string, string>, files: Array<[field: string, name: string, data: Buffer | string]> = []): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const [field, name, data] of files) form.append(field, new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  return form;
}

export interface BoardRequest extends RequestOptions {
  body?: FormData;
  json?: unknown;
  /** Ask for JSON answers (Accept: application/json). */
  asJson?: boolean;
}

function request(handler: Handler, urlPath: string, params: Record<string, string>, options: BoardRequest): Promise<Response> {
  const headers = { ...(options.asJson ? JSON_ACCEPT : {}), ...options.headers };
  if (options.body) {
    const h = new Headers(headers);
    if (options.cookie) h.set("cookie", options.cookie);
    const req = new Request(BASE + urlPath, { method: "POST", body: options.body, headers: h });
    return handler(req, { params: Promise.resolve(params) });
  }
  return call(handler, urlPath, { ...options, headers }, params);
}

const enc = encodeURIComponent;

export const boardsJson = () => call(boardsJsonRoute, "/boards/boards.json");
export const threadsJson = (board: string, query = "") => call(threadsRoute, `/boards/${enc(board)}/threads.json${query}`, {}, { board });
export const postsJson = (board: string, id: string | number, query = "", headers: Record<string, string> = {}) =>
  call(postsRoute, `/boards/${enc(board)}/${id}/posts${query}`, { headers }, { board, id: String(id) });
export const media = (name: string, head = false) => call(head ? mediaHead : mediaGet, `/boards/media/${enc(name)}`, { method: head ? "HEAD" : "GET" }, { name });

export const newThread = (board: string, options: BoardRequest) => request(newRoute, `/boards/${enc(board)}/new`, { board }, { method: "POST", ...options });
export const reply = (board: string, id: string | number, options: BoardRequest) =>
  request(replyRoute, `/boards/${enc(board)}/${id}/reply`, { board, id: String(id) }, { method: "POST", ...options });

const postAction = (handler: Handler, action: string) => (board: string, id: string | number, post: string | number, options: BoardRequest) =>
  request(handler, `/boards/${enc(board)}/${id}/posts/${post}/${action}`, { board, id: String(id), post: String(post) }, { method: "POST", ...options });
export const editPost = postAction(editRoute, "edit");
export const deletePost = postAction(deleteRoute, "delete");
export const reportPost = postAction(reportRoute, "report");

const ACTIONS = { lock: lockRoute, unlock: unlockRoute, sticky: stickyRoute, unsticky: unstickyRoute, move: moveRoute, delete: threadDeleteRoute };
export const threadAction = (action: keyof typeof ACTIONS, board: string, id: string | number, options: BoardRequest) =>
  request(ACTIONS[action], `/boards/${enc(board)}/${id}/${action}`, { board, id: String(id) }, { method: "POST", ...options });

export const reportsJson = (cookie?: string) => call(reportsRoute, "/boards/reports.json", { cookie });
export const dismiss = (id: string | number, options: BoardRequest) => request(dismissRoute, `/boards/reports/${id}/dismiss`, { report: String(id) }, { method: "POST", ...options });

/** Creates a thread through the route as a JSON caller and returns its id and first post's id. */
export async function makeThread(cookie: string, board: string, title: string, content = "first post"): Promise<{ id: number; post: number }> {
  const res = await newThread(board, { cookie, asJson: true, form: { title, content } });
  const body = await res.json();
  expect(res.status).toBe(201);
  return { id: body.thread.id, post: body.post.id };
}

export async function makeReply(cookie: string, board: string, id: number, content: string): Promise<number> {
  const res = await reply(board, id, { cookie, asJson: true, form: { content } });
  const body = await res.json();
  expect(res.status).toBe(201);
  return body.id;
}

/** Every stored upload (board media as `boards/…`) and staged temp file, whichever store the run uses. */
export const uploadedFiles = (): Promise<string[]> => everythingStored();

/** A fixed clock for Date.now (what the boards stamp posts and cooldowns with); `advance` moves it. */
export function fixedClock(start = Date.UTC(2026, 11, 3, 12, 0, 0)) {
  let now = start;
  jest.spyOn(Date, "now").mockImplementation(() => now);
  return {
    advance: (seconds: number) => (now += seconds * 1000),
    /** "YYYY-MM-DD HH:MM:SS" of the clock now. */
    stamp: () => new Date(now).toISOString().slice(0, 19).replace("T", " "),
    seconds: () => now / 1000,
  };
}
