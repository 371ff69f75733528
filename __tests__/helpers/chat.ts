// Shorthands for the chat API route handlers, used by the chat-*.test.ts files.
import { POST as deleteRoute } from "@/app/(chat)/delete/[id]/route";
import { POST as editRoute } from "@/app/(chat)/edit/[id]/route";
import { POST as markReadRoute } from "@/app/(chat)/mark_read/[channel]/route";
import { GET as messageRoute } from "@/app/(chat)/message/[id]/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { POST as reactRoute } from "@/app/(chat)/react/[id]/route";
import { GET as receiptsRoute } from "@/app/(chat)/read_receipts/[channel]/route";
import { GET as searchRoute } from "@/app/(chat)/search_messages/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { GET as unreadsRoute } from "@/app/(chat)/channel_unreads/route";
import type { ApiMessage } from "@/lib/chat/messages";
import { call, type RequestOptions } from "./http";

/** A row of `GET /messages/<channel>`. */
export type Row = ApiMessage;

/** Sorted, as a row's keys are compared to it. */
export const ROW_KEYS = [
  "agent", "channel", "content", "content_type", "deleted", "deleted_ts", "edited", "edited_ts", "filename", "id",
  "last_reply_ts", "mentions", "participants", "reactions", "reactions_ts", "reply_count", "reply_to_id", "root_id", "sender",
  "thread_only", "ts", "updated_ts",
];

const enc = encodeURIComponent;

/** Expects a plain-text answer with this status and exact body. */
export async function expectText(res: Response, status: number, body: string): Promise<void> {
  expect({ status: res.status, body: await res.text() }).toEqual({ status, body });
}

/** Expects a JSON answer with this status and exact body. */
export async function expectJson(res: Response, status: number, body: unknown): Promise<void> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // left as text: the comparison below fails and shows it
  }
  expect({ status: res.status, body: parsed }).toEqual({ status, body });
}

export const send = (cookie: string | undefined, channel: string, form: Record<string, string> | string, extra: RequestOptions = {}) =>
  call(sendRoute, `/send/${enc(channel)}`, { cookie, ...(typeof form === "string" ? { form: { text: form } } : { form }), ...extra }, { channel });

/** Sends text and returns the message id from X-Message-Id (asserting the `ok` answer). */
export async function sendOk(cookie: string, channel: string, text: string, extra: Record<string, string> = {}): Promise<number> {
  const res = await send(cookie, channel, { text, ...extra });
  const body = await res.text();
  expect({ status: res.status, body }).toEqual({ status: 200, body: "ok" });
  const id = res.headers.get("X-Message-Id");
  expect(id).toMatch(/^[0-9]+$/);
  return Number(id);
}

export const getMessages = (cookie: string | undefined, channel: string, after: string | null = "0") =>
  call(messagesRoute, `/messages/${enc(channel)}${after === null ? "" : `?after=${enc(after)}`}`, { cookie }, { channel });

/** The rows a user sees in a channel (asserting a 200). */
export async function messages(cookie: string, channel: string, after: string | null = "0"): Promise<Row[]> {
  const res = await getMessages(cookie, channel, after);
  expect(res.status).toBe(200);
  return (await res.json()) as Row[];
}

export async function rowOf(cookie: string, channel: string, id: number): Promise<Row | undefined> {
  return (await messages(cookie, channel)).find((r) => r.id === id);
}

export const getMessage = (cookie: string | undefined, id: string | number) =>
  call(messageRoute, `/message/${id}`, { cookie }, { id: String(id) });

export const edit = (cookie: string | undefined, id: string | number, text: string | RequestOptions) =>
  call(editRoute, `/edit/${id}`, { cookie, ...(typeof text === "string" ? { form: { text } } : text) }, { id: String(id) });

export const del = (cookie: string | undefined, id: string | number) =>
  call(deleteRoute, `/delete/${id}`, { cookie, method: "POST" }, { id: String(id) });

export const react = (cookie: string | undefined, id: string | number, reaction: string | RequestOptions) =>
  call(reactRoute, `/react/${id}`, { cookie, ...(typeof reaction === "string" ? { form: { reaction } } : reaction) }, { id: String(id) });

export const markRead = (cookie: string | undefined, channel: string) =>
  call(markReadRoute, `/mark_read/${enc(channel)}`, { cookie, method: "POST" }, { channel });

export const receipts = (cookie: string | undefined, channel: string) =>
  call(receiptsRoute, `/read_receipts/${enc(channel)}`, { cookie }, { channel });

export const searchRaw = (cookie: string | undefined, params: Record<string, string>) =>
  call(searchRoute, `/search_messages?${new URLSearchParams(params).toString()}`, { cookie });

export async function search(cookie: string, params: Record<string, string>): Promise<{ id: number; channel: string; sender: string; content: string; ts: number }[]> {
  const res = await searchRaw(cookie, params);
  expect(res.status).toBe(200);
  return res.json();
}

export async function channelUnreads(cookie: string): Promise<Record<string, number>> {
  const res = await call(unreadsRoute, "/channel_unreads", { cookie });
  expect(res.status).toBe(200);
  return res.json();
}

/** The reference's receipt key: Python's str(float). */
export const pythonFloat = (value: number) => (Number.isInteger(value) ? value.toFixed(1) : String(value));
