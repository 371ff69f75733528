// Calling route handlers directly with real Requests, as a signed-in user or anonymously.
import { signup } from "@/lib/auth/accounts";
import { mintSessionToken, SESSION_COOKIE } from "@/lib/auth/session";

export const BASE = "http://localhost:3000";
export const PASSWORD = "Passw0rd!";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface RequestOptions {
  method?: string;
  cookie?: string;
  json?: unknown;
  /** Sent as-is with Content-Type application/json (for malformed bodies). */
  rawJson?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export function makeRequest(path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  let body: string | undefined;
  if (options.json !== undefined || options.rawJson !== undefined) {
    headers.set("content-type", "application/json");
    body = options.rawJson ?? JSON.stringify(options.json);
  } else if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  }
  const method = options.method ?? (body === undefined ? "GET" : "POST");
  return new Request(BASE + path, { method, headers, body });
}

export async function call(handler: Handler, path: string, options: RequestOptions = {}, params: Record<string, string> = {}) {
  return handler(makeRequest(path, options), { params: Promise.resolve(params) });
}

export async function cookieFor(username: string): Promise<string> {
  return `${SESSION_COOKIE}=${await mintSessionToken(username)}`;
}

/** Signs a user up through the domain and returns their session cookie. */
export async function newUser(username: string, password = PASSWORD): Promise<string> {
  await signup({ username, password, confirm: password });
  return cookieFor(username);
}
