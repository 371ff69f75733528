import { act, render, screen } from "./helpers/ui";
import { invalidateChannelCaches, useMessages } from "@/app/_components/chat/data/messages";
import type { Message } from "@/lib/client/types";
import { messageRow } from "./helpers/message-row";

/**
 * The per-channel message cache under a deleted account: every channel reloads its newest page,
 * and a poll already under way when that happens neither wipes the list nor stands in for the reload.
 */
let pending: { path: string; resolve: (rows: Message[]) => void }[];

beforeEach(() => {
  jest.useFakeTimers();
  pending = [];
  global.fetch = jest.fn(
    (path: RequestInfo | URL) =>
      new Promise((resolve) => {
        pending.push({
          path: String(path),
          resolve: (rows) => resolve({ ok: true, status: 200, json: async () => rows, text: async () => JSON.stringify(rows) } as Response),
        });
      }),
  ) as unknown as typeof fetch;
});
afterEach(() => jest.useRealTimers());

function Shown({ channel }: { channel: string }) {
  const { messages, loaded } = useMessages(channel);
  return <p data-testid="ids">{loaded ? messages.map((m) => m.id).join(",") : "loading"}</p>;
}

async function answer(expectedPath: string, rows: Message[]) {
  const next = pending.shift();
  expect(next?.path).toBe(expectedPath);
  await act(async () => next!.resolve(rows));
}

const ids = () => screen.getByTestId("ids").textContent;

it("a reload requested while a poll is under way keeps what is shown, then replaces it with the fresh page", async () => {
  const rows = [1, 2, 3].map((id) => messageRow(id, id === 2 ? "eve" : "bob", `m${id}`, { channel: "racy" }));
  render(<Shown channel="racy" />);
  await act(async () => jest.advanceTimersByTime(0));
  await answer("/messages/racy?after=0&limit=200", rows);
  expect(ids()).toBe("1,2,3");

  // A poll starts; eve's account is hard-deleted before it answers.
  await act(async () => jest.advanceTimersByTime(500));
  expect(pending.map((p) => p.path)).toEqual([`/messages/racy?after=${rows[2]!.ts}`]);
  invalidateChannelCaches();
  const newer = messageRow(4, "bob", "m4", { channel: "racy" });
  await answer(`/messages/racy?after=${rows[2]!.ts}`, [newer]);
  expect(ids()).toBe("1,2,3,4"); // the poll's answer is merged, nothing is wiped

  // Then the reload goes: the newest page replaces the list, without eve's message.
  await answer("/messages/racy?after=0&limit=200", [rows[0]!, rows[2]!, newer]);
  expect(ids()).toBe("1,3,4");
  await act(async () => jest.advanceTimersByTime(500));
  expect(pending.map((p) => p.path)).toEqual([`/messages/racy?after=${newer.ts}`]);
});
