import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import useSWR, { SWRConfig } from "swr";
import { KEYS } from "@/app/_components/chat/data/keys";
import { getJson } from "@/lib/client/api";
import {
  isReadHeld,
  linkedMessage,
  locateMessage,
  markUnread,
  permalinkOf,
  pinMessage,
  refreshOnActionNotice,
  releaseReadHold,
  usePins,
} from "@/app/_components/chat/data/actions";
import { EditHistoryModal, PinnedMessagesModal, SavedMessagesModal } from "@/app/_components/chat/message-actions";

/**
 * The web client's side of the message actions (issue 16): the calls a message menu makes, the hold
 * that keeps a channel marked unread from being read again at once, and the links a permalink uses.
 */
let calls: { path: string; method: string }[];
let answers: Record<string, { status: number; body: unknown }>;

beforeEach(() => {
  calls = [];
  answers = {};
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    calls.push({ path, method: init?.method ?? "GET" });
    const found = answers[path] ?? { status: 200, body: {} };
    const text = typeof found.body === "string" ? found.body : JSON.stringify(found.body);
    return { ok: found.status < 400, status: found.status, headers: new Headers(), text: async () => text, json: async () => JSON.parse(text) as unknown };
  }) as unknown as typeof fetch;
});

afterEach(cleanup);

function Counts() {
  const unreads = useSWR<Record<string, number>>(KEYS.unreads, getJson, { dedupingInterval: 0 });
  const dm = useSWR<{ count: number }>(KEYS.dmUnreadCount, getJson, { dedupingInterval: 0 });
  return <p>{`general ${unreads.data?.general ?? "-"}, DMs ${dm.data?.count ?? "-"}`}</p>;
}

it("marks unread from a message, holds the channel's mark-read until released, and refetches the counts on screen", async () => {
  answers[KEYS.unreads] = { status: 200, body: { general: 0 } };
  answers[KEYS.dmUnreadCount] = { status: 200, body: { count: 0 } };
  render(<Counts />);
  expect(await screen.findByText("general 0, DMs 0")).toBeInTheDocument();
  answers["/mark_unread/42"] = { status: 200, body: { id: 42, channel: "general", unread: 3 } };
  answers[KEYS.unreads] = { status: 200, body: { general: 3 } };
  expect(isReadHeld("general")).toBe(false);
  await act(async () => {
    expect(await markUnread(42, "general")).toBe(3);
  });
  expect(calls).toContainEqual({ path: "/mark_unread/42", method: "POST" });
  expect(await screen.findByText("general 3, DMs 0")).toBeInTheDocument();
  expect(isReadHeld("general")).toBe(true);
  expect(isReadHeld("software")).toBe(false);
  releaseReadHold("general");
  expect(isReadHeld("general")).toBe(false);
});

it("lets go of the hold when the server refuses, and says why", async () => {
  answers["/mark_unread/7"] = { status: 403, body: { error: "forbidden" } };
  await expect(markUnread(7, "private:1")).rejects.toThrow("forbidden");
  expect(isReadHeld("private:1")).toBe(false);
});

it("makes /m/<id> links and reads the message a page was opened for", async () => {
  expect(permalinkOf(42, "https://chat.example.com")).toBe("https://chat.example.com/m/42");
  expect(linkedMessage("?channel=private%3A3&message=42")).toEqual({ channel: "private:3", id: 42 });
  for (const search of ["", "?channel=general", "?message=42", "?channel=general&message=abc", "?channel=general&message=0", "?channel=&message=4"]) {
    expect(linkedMessage(search)).toBeNull();
  }
  answers["/message/42"] = { status: 200, body: { id: 42, sender: "alice", content: "hi", filename: null, deleted: 0, channel: "general", ts: 1700000000.5 } };
  expect(await locateMessage(42)).toEqual({ id: 42, channel: "general", ts: 1700000000.5, deleted: 0 });
});

function PinList({ channel }: { channel: string }) {
  const { data } = usePins(channel);
  return <ul>{data?.map((row) => <li key={row.id}>{`${row.content} (pinned by ${row.pinned_by})`}</li>)}</ul>;
}

it("lists a channel's pins and refetches them after a pin and on a pins notice", async () => {
  const row = (id: number, content: string, by: string) => ({ id, content, channel: "general", sender: "alice", pinned_by: by, pinned_at: 1 });
  answers["/pins/general"] = { status: 200, body: [row(1, "the agenda", "bob")] };
  // The app's one SWR cache: the calls refresh it through SWR's global mutate, as the chat's hooks read it.
  render(
    <SWRConfig value={{ dedupingInterval: 0 }}>
      <PinList channel="general" />
    </SWRConfig>,
  );
  expect(await screen.findByText("the agenda (pinned by bob)")).toBeInTheDocument();

  answers["/pins/general"] = { status: 200, body: [row(2, "the minutes", "carol"), row(1, "the agenda", "bob")] };
  await act(async () => {
    await pinMessage(2, "general");
  });
  expect(calls).toContainEqual({ path: "/pin/2", method: "POST" });
  expect(await screen.findByText("the minutes (pinned by carol)")).toBeInTheDocument();

  answers["/pins/general"] = { status: 200, body: [] };
  await act(async () => {
    refreshOnActionNotice({ kind: "pins", channel: "general" });
  });
  expect(await screen.findByRole("list")).toBeEmptyDOMElement();
});

describe("the dialogs", () => {
  const row = (id: number, content: string, extra: Record<string, unknown>) => ({
    id, content, channel: "software", sender: "alice", ts: 1700000000, filename: null, deleted: 0, ...extra,
  });

  it("lists a channel's pins with who pinned them, jumps to one, and unpins", async () => {
    answers["/pins/software"] = { status: 200, body: [row(5, "the  release\nplan", { pinned_by: "bob", pinned_at: 1700000100 })] };
    const jumps: unknown[] = [];
    render(<PinnedMessagesModal channel="software" title="#software" onJump={(to) => jumps.push(to)} onClose={() => undefined} />);
    expect(await screen.findByRole("dialog", { name: "Pinned in #software" })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Pinned messages" });
    expect(await within(list).findByText("the release plan")).toBeInTheDocument();
    expect(within(list).getByText(/^Pinned by bob/)).toBeInTheDocument();
    fireEvent.click(within(list).getByText("the release plan"));
    expect(jumps).toEqual([{ channel: "software", id: 5, ts: 1700000000 }]);
    answers["/pins/software"] = { status: 200, body: [] };
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Unpin the message of alice" }));
    });
    expect(calls).toContainEqual({ path: "/unpin/5", method: "POST" });
    expect(await screen.findByText("Nothing is pinned here yet.")).toBeInTheDocument();
  });

  it("shows the server's refusal when an unpin is refused", async () => {
    answers["/pins/general"] = { status: 200, body: [row(6, "keep me", { channel: "general", pinned_by: "bob", pinned_at: 1 })] };
    answers["/unpin/6"] = { status: 403, body: { error: "forbidden" } };
    render(<PinnedMessagesModal channel="general" title="#general" onJump={() => undefined} onClose={() => undefined} />);
    await screen.findByText("keep me");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Unpin the message of alice" }));
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("forbidden");
  });

  it("lists saved messages with their channel, and removes one", async () => {
    answers["/saved"] = { status: 200, body: [row(8, "read later", { channel: "private:2", saved_at: 1700000200 })] };
    render(<SavedMessagesModal channelLabel={(c) => (c === "private:2" ? "🔒 plans" : c)} onJump={() => undefined} onClose={() => undefined} />);
    expect(await screen.findByText("read later")).toBeInTheDocument();
    expect(screen.getByText(/^In 🔒 plans, saved/)).toBeInTheDocument();
    answers["/saved"] = { status: 200, body: [] };
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Remove the message of alice from saved messages" }));
    });
    expect(calls).toContainEqual({ path: "/unsave/8", method: "POST" });
    expect(await screen.findByText(/^No saved messages/)).toBeInTheDocument();
  });

  it("shows every version of a text, the original first and the current one last", async () => {
    answers["/message/9/history"] = {
      status: 200,
      body: { id: 9, channel: "general", sender: "alice", versions: [{ content: "frist", ts: 1 }, { content: "first", ts: 2 }, { content: "first!", ts: 3 }] },
    };
    render(<EditHistoryModal id={9} onClose={() => undefined} />);
    const versions = await screen.findByRole("list", { name: "Versions" });
    await within(versions).findByText("frist");
    // Each version: its label and time, then its text.
    const shown = within(versions).getAllByRole("listitem").map((li) => {
      const [label, text] = li.querySelectorAll("span");
      return [label?.textContent?.split(" · ")[0], text?.textContent];
    });
    expect(shown).toEqual([
      ["Original", "frist"],
      ["Edit 1", "first"],
      ["Current", "first!"],
    ]);
  });

  it("shows the edit history in French, with French dates", async () => {
    // Local times, so the dates hold in any time zone the tests run in.
    const at = (day: number, hour: number, minute: number) => new Date(2026, 11, day, hour, minute).getTime() / 1000;
    answers["/message/9/history"] = {
      status: 200,
      body: { id: 9, channel: "general", sender: "alice", versions: [{ content: "frist", ts: at(3, 9, 30) }, { content: "first", ts: at(3, 15, 5) }, { content: "first!", ts: at(4, 8, 0) }] },
    };
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <EditHistoryModal id={9} onClose={() => undefined} />
      </SWRConfig>,
      { locale: "fr" },
    );
    expect(await screen.findByRole("dialog", { name: "Historique des modifications" })).toBeInTheDocument();
    const versions = await screen.findByRole("list", { name: "Versions" });
    await within(versions).findByText("frist");
    expect(within(versions).getAllByRole("listitem").map((li) => li.querySelector("span")?.textContent)).toEqual([
      "Originale · 03/12/2026 09:30:00",
      "Modification 1 · 03/12/2026 15:05:00",
      "Actuelle · 04/12/2026 08:00:00",
    ]);
  });
});
