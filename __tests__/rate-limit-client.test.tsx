import { act, cleanup, render, screen } from "./helpers/ui";
import { useState } from "react";
import { useSlowDownNotice } from "@/app/_components/chat/slow-down";
import { Toast, type ToastNote } from "@/app/_components/chat/toast";
import { getJson, postForm, retryAfterSeconds } from "@/lib/client/api";

/**
 * The web client meets the server's rate limits (issue 15): a 429 is waited out (Retry-After) and the
 * request sent again, so a send is neither lost nor doubled, and the chat's toast says so politely once.
 */
function Harness() {
  const [note, setNote] = useState<ToastNote | null>(null);
  useSlowDownNotice(setNote);
  return note ? <Toast note={note} onDismiss={() => setNote(null)} /> : null;
}

let calls: { path: string; method: string; body: string }[];
/** How many more times each path answers 429 before it is served. */
let refusals: Record<string, number>;

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  return { ok: status < 400, status, headers: new Headers(headers), text: async () => body, json: async () => JSON.parse(body) as unknown };
}

beforeEach(() => {
  calls = [];
  refusals = {};
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    calls.push({ path, method: init?.method ?? "GET", body: String(init?.body ?? "") });
    const left = refusals[path] ?? 0;
    if (left > 0) {
      refusals[path] = left - 1;
      return answer(429, JSON.stringify({ error: "rate limited", retry_after: 1 }), { "Retry-After": "1" });
    }
    return answer(200, path.startsWith("/send/") ? "ok" : "[]");
  }) as unknown as typeof fetch;
});

afterEach(cleanup);

it("waits Retry-After and sends again: the message is sent once, and the toast says so once", async () => {
  render(<Harness />);
  refusals = { "/send/general": 1, "/messages/general?after=0": 1 };
  let sent: Promise<Response> | undefined;
  let polled: Promise<unknown> | undefined;
  act(() => {
    sent = postForm("/send/general", { text: "hello" });
    polled = getJson("/messages/general?after=0");
  });
  expect(await screen.findByRole("status")).toHaveTextContent("Slow down: retrying in 1 s");
  // Still waiting: nothing sent again before Retry-After.
  expect(calls.filter((c) => c.path === "/send/general")).toHaveLength(1);
  await act(async () => {
    expect(await (await sent!).text()).toBe("ok");
    expect(await polled).toEqual([]);
  });
  const sends = calls.filter((c) => c.path === "/send/general");
  expect(sends).toEqual([
    { path: "/send/general", method: "POST", body: "text=hello" },
    { path: "/send/general", method: "POST", body: "text=hello" },
  ]);
  // Two requests were held back; one note.
  expect(screen.getAllByRole("status")).toHaveLength(1);
});

it("reads Retry-After as seconds or a date, never less than 1 s", () => {
  expect(retryAfterSeconds("7")).toBe(7);
  expect(retryAfterSeconds("0")).toBe(1);
  expect(retryAfterSeconds(null)).toBe(1);
  expect(retryAfterSeconds("soon")).toBe(1);
  expect(retryAfterSeconds(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThanOrEqual(29);
});
