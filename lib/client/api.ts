/** The browser side of the API: same-origin requests, errors as exceptions with the server's text. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(ApiFailure.describe(body) || `request failed (${status})`);
    this.name = "ApiFailure";
  }

  /** The server's message: `{"error": …}` bodies give their error, plain bodies themselves. */
  static describe(body: string): string {
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (parsed && typeof parsed.error === "string") return parsed.error;
    } catch {
      // plain text
    }
    return body;
  }
}

let suspended = false;

/** Stops every API call (before the session is ended on purpose); `resume` undoes it. */
export function suspendRequests(): { resume: () => void } {
  suspended = true;
  return { resume: () => (suspended = false) };
}

/** Channels the reader is leaving: nothing more is asked about them (see holdChannel). */
const held = new Set<string>();
/** Requests on the wire, by path, so a hold can wait for the ones already sent. */
const onTheWire = new Map<string, number>();

/** Whether a path names the channel as one of its segments (`/messages/private%3A7?after=…`). */
const isAbout = (path: string, channel: string) => (path.split("?")[0] ?? "").split("/").includes(encodeURIComponent(channel));

/**
 * Stops every request about `channel` (its messages, typing, receipts, members) and resolves once
 * none is still on the wire. Called before leaving a channel, so no poll reaches the server after
 * access has ended (each would be refused). `release` lets requests through again.
 */
export async function holdChannel(channel: string): Promise<{ release: () => void }> {
  held.add(channel);
  while ([...onTheWire.keys()].some((path) => isAbout(path, channel))) await new Promise((r) => setTimeout(r, 20));
  return { release: () => held.delete(channel) };
}

/**
 * A 429 (the server's rate limits) is waited out and the request sent again, up to this many times in
 * all: a refused request was refused before anything was written, so a send sent again is never doubled,
 * and one that meets a limit is not lost.
 */
export const RATE_LIMIT_ATTEMPTS = 10;
/** The longest wait honoured from a Retry-After; a longer one (a clock gone wrong) is cut to this. */
const MAX_WAIT_SECONDS = 120;

type SlowDownListener = (seconds: number) => void;
const slowDownListeners = new Set<SlowDownListener>();
/** Until when the "slow down" note already covers the waits (one note per episode, not one per request). */
let slowDownNoticeUntil = 0;

/** Calls `listener` with the wait when requests are being held back by the server's rate limits; answers the unsubscribe. */
export function onSlowDown(listener: SlowDownListener): () => void {
  slowDownListeners.add(listener);
  return () => void slowDownListeners.delete(listener);
}

function slowedDown(seconds: number): void {
  const now = Date.now();
  if (now < slowDownNoticeUntil) return;
  slowDownNoticeUntil = now + seconds * 1000;
  for (const listener of slowDownListeners) listener(seconds);
}

/** Retry-After as whole seconds (delta-seconds or an HTTP date), at least 1. */
export function retryAfterSeconds(value: string | null | undefined): number {
  const text = value?.trim() ?? "";
  const seconds = /^[0-9]+$/.test(text) ? Number(text) : text ? (Date.parse(text) - Date.now()) / 1000 : NaN;
  return Number.isFinite(seconds) ? Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(seconds))) : 1;
}

function refuseIfHeld(path: string): void {
  if (suspended) throw new ApiFailure(0, "suspended");
  for (const channel of held) if (isAbout(path, channel)) throw new ApiFailure(0, "suspended");
}

async function fetchOnce(path: string, init?: RequestInit): Promise<Response> {
  refuseIfHeld(path);
  onTheWire.set(path, (onTheWire.get(path) ?? 0) + 1);
  try {
    return await fetch(path, { credentials: "same-origin", ...init });
  } finally {
    const left = (onTheWire.get(path) ?? 1) - 1;
    if (left > 0) onTheWire.set(path, left);
    else onTheWire.delete(path);
  }
}

export async function request(path: string, init?: RequestInit): Promise<Response> {
  let res = await fetchOnce(path, init);
  // While waiting the request is not on the wire: a channel hold does not wait for it, and it is not sent again.
  for (let attempt = 1; res.status === 429 && attempt < RATE_LIMIT_ATTEMPTS; attempt++) {
    const seconds = retryAfterSeconds(res.headers?.get("Retry-After"));
    slowedDown(seconds);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    res = await fetchOnce(path, init);
  }
  if (res.status === 401) {
    window.location.assign(new URL("/login", window.location.origin).href); // the session ended
    throw new ApiFailure(401, "unauthorized");
  }
  if (!res.ok) throw new ApiFailure(res.status, await res.text());
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await request(path)).json() as Promise<T>;
}

export async function postForm(path: string, fields: Record<string, string>): Promise<Response> {
  return request(path, { method: "POST", body: new URLSearchParams(fields) });
}

export async function postJson<T = unknown>(path: string, body: unknown): Promise<T> {
  const res = await request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    return text as T;
  }
}

export const enc = encodeURIComponent;

export interface UploadResult {
  status: number;
  body: string;
  messageId: number | null;
}

/** A multipart POST whose progress (bytes sent of bytes total) is reported as it goes; a 429 is waited out and sent again, as `request` does. */
export function uploadWithProgress(path: string, form: FormData, onProgress: (sent: number, total: number) => void): Promise<UploadResult> {
  const once = () =>
    new Promise<UploadResult & { retryAfter: string | null }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", path);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      };
      xhr.onload = () => {
        const id = Number(xhr.getResponseHeader("X-Message-Id"));
        resolve({ status: xhr.status, body: xhr.responseText, messageId: Number.isFinite(id) && id > 0 ? id : null, retryAfter: xhr.getResponseHeader("Retry-After") });
      };
      xhr.onerror = () => reject(new ApiFailure(0, "Network error. Please try again."));
      xhr.send(form);
    });
  return (async () => {
    let result = await once();
    for (let attempt = 1; result.status === 429 && attempt < RATE_LIMIT_ATTEMPTS; attempt++) {
      const seconds = retryAfterSeconds(result.retryAfter);
      slowedDown(seconds);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      result = await once();
    }
    const { retryAfter: _retryAfter, ...answer } = result;
    return answer;
  })();
}
