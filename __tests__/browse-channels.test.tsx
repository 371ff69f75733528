import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { BrowseChannels } from "@/app/_components/chat/browse-channels";
import type { PublicChannelEntry } from "@/app/_components/chat/data/channels";
import { MessageList } from "@/app/_components/chat/message-list";
import { messageRow } from "./helpers/message-row";
import { messageContext } from "./helpers/message-context";

/**
 * Channel management in the web client (issue 16): the Browse channels dialog (search, join, leave; for
 * admins create, rename, archive, unarchive; refusals in the server's words) and the "New messages" line
 * a channel shows above what was unread when it was opened.
 */
let calls: { path: string; method: string; body: unknown }[];
let answers: Record<string, { status: number; body: unknown }>;

beforeEach(() => {
  calls = [];
  answers = {};
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const raw = init?.body;
    calls.push({ path, method: init?.method ?? "GET", body: typeof raw === "string" ? (JSON.parse(raw) as unknown) : undefined });
    const found = answers[`${init?.method ?? "GET"} ${path}`] ?? { status: 200, body: {} };
    const text = typeof found.body === "string" ? found.body : JSON.stringify(found.body);
    return { ok: found.status < 400, status: found.status, headers: new Headers(), text: async () => text, json: async () => JSON.parse(text) as unknown };
  }) as unknown as typeof fetch;
});

afterEach(cleanup);

const entry = (id: string, extra: Partial<PublicChannelEntry> = {}): PublicChannelEntry => ({
  id,
  name: id,
  purpose: "",
  archived: false,
  configured: false,
  member_count: 2,
  joined: true,
  can_manage: false,
  ...extra,
});

function renderDialog(list: PublicChannelEntry[]) {
  answers["GET /channels/browse"] = { status: 200, body: list };
  const onOpen = jest.fn();
  const onClose = jest.fn();
  render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
      <BrowseChannels onOpen={onOpen} onClose={onClose} />
    </SWRConfig>,
  );
  return { onOpen, onClose };
}

const posts = () => calls.filter((c) => c.method === "POST");

describe("Browse channels", () => {
  const everyone = [
    entry("general", { configured: true, member_count: 3, purpose: "Everything else" }),
    entry("design", { name: "Design-Team", joined: false, member_count: 1, purpose: "Pixels and fonts" }),
    entry("old-project", { archived: true, joined: false, member_count: 2 }),
  ];

  it("lists every public channel with its purpose, member count and archived mark; the search narrows it", async () => {
    renderDialog(everyone);
    const list = await screen.findByRole("list", { name: "Public channels" });
    const design = within(list).getByRole("listitem", { name: "Design-Team" });
    expect(within(design).getByText("Pixels and fonts")).toBeInTheDocument();
    expect(within(design).getByText("1 member")).toBeInTheDocument();
    expect(within(within(list).getByRole("listitem", { name: "old-project" })).getByText("archived")).toBeInTheDocument();
    expect(within(within(list).getByRole("listitem", { name: "general" })).getByText("3 members")).toBeInTheDocument();

    fireEvent.change(screen.getByRole("searchbox", { name: "Search channels" }), { target: { value: "pixel" } });
    expect(within(list).getAllByRole("listitem").map((li) => li.getAttribute("aria-label"))).toEqual(["Design-Team"]);
    fireEvent.change(screen.getByRole("searchbox", { name: "Search channels" }), { target: { value: "nothing like it" } });
    expect(screen.getByText("No channel matches.")).toBeInTheDocument();
  });

  it("joins a channel and opens it; leaves a joined one; an archived one cannot be joined; no admin controls for others", async () => {
    const { onOpen } = renderDialog(everyone);
    await screen.findByRole("list", { name: "Public channels" });
    expect(screen.queryByRole("button", { name: "New channel" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Rename / })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Archive / })).toBeNull();
    expect(screen.queryByRole("button", { name: "Join old-project" })).toBeNull();

    answers["POST /channels/design/join"] = { status: 200, body: { ...everyone[1], joined: true, member_count: 2 } };
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Join Design-Team" })));
    expect(posts().map((c) => c.path)).toEqual(["/channels/design/join"]);
    expect(onOpen).toHaveBeenCalledWith("design");

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Leave general" })));
    expect(posts().map((c) => c.path)).toContain("/channels/general/leave");
  });

  it("lets an admin create a channel (checked before it is sent), rename, archive and unarchive; refusals are shown", async () => {
    const { onOpen } = renderDialog(everyone.map((c) => ({ ...c, can_manage: true })));
    await screen.findByRole("list", { name: "Public channels" });
    // settings.json channels cannot be archived: no button for them.
    expect(screen.queryByRole("button", { name: "Archive general" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "New channel" }));
    const form = screen.getByRole("form", { name: "New channel" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "two words" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("Channel names may not contain spaces");
    expect(posts()).toEqual([]);

    answers["POST /channels/create"] = { status: 409, body: { error: "a public channel with this name exists" } };
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "General" } });
    await act(async () => fireEvent.click(within(form).getByRole("button", { name: "Create" })));
    expect(screen.getByRole("alert")).toHaveTextContent("Could not create the channel: a public channel with this name exists");
    expect(onOpen).not.toHaveBeenCalled();

    answers["POST /channels/create"] = { status: 200, body: entry("research", { can_manage: true, member_count: 1 }) };
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: " research " } });
    fireEvent.change(within(form).getByLabelText("Purpose (optional)"), { target: { value: "Papers" } });
    await act(async () => fireEvent.click(within(form).getByRole("button", { name: "Create" })));
    expect(posts().at(-1)).toEqual({ path: "/channels/create", method: "POST", body: { name: "research", purpose: "Papers" } });
    expect(onOpen).toHaveBeenCalledWith("research");

    fireEvent.click(screen.getByRole("button", { name: "Rename Design-Team" }));
    fireEvent.change(screen.getByRole("textbox", { name: "New name" }), { target: { value: "Design" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Save" })));
    expect(posts().at(-1)).toEqual({ path: "/channels/design/rename", method: "POST", body: { name: "Design" } });

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Archive Design-Team" })));
    expect(posts().at(-1)?.path).toBe("/channels/design/archive");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Unarchive old-project" })));
    expect(posts().at(-1)?.path).toBe("/channels/old-project/unarchive");
  });
});

describe("the New messages line", () => {
  const ctx = messageContext();
  const rows = [messageRow(1, "bob", "old news"), messageRow(2, "alice", "my answer"), messageRow(3, "bob", "first new"), messageRow(4, "alice", "mine, after"), messageRow(5, "bob", "second new")];
  const list = (unreadAtOpen: number, messages = rows) => (
    <SWRConfig value={{ provider: () => new Map() }}>
      <MessageList messages={messages} loaded ctx={ctx} jumpTarget={null} hasOlder={false} onNeedOlder={() => undefined} channel="general" unreadAtOpen={unreadAtOpen} mergeWindowSeconds={0} />
    </SWRConfig>
  );
  const lineIsBefore = (text: string) => {
    const line = screen.getByRole("separator", { name: "New messages" });
    const next = screen.getByText(text);
    return !!(line.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING) && !(line.compareDocumentPosition(screen.getByText("my answer")) & Node.DOCUMENT_POSITION_FOLLOWING);
  };

  // The rows' own data (bots, previews) settles inside act, as the user would see it.
  const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 20)));

  it("sits above the first message of others that was unread on opening, and stays while the channel is open", async () => {
    const { rerender } = render(list(2));
    await settle();
    expect(screen.getAllByRole("separator", { name: "New messages" })).toHaveLength(1);
    expect(lineIsBefore("first new")).toBe(true);
    // Opening marks the channel read: the count drops to 0 and a new message arrives; the line stays where it was.
    rerender(list(0, [...rows, messageRow(6, "bob", "newest")]));
    await settle();
    expect(screen.getAllByRole("separator", { name: "New messages" })).toHaveLength(1);
    expect(lineIsBefore("first new")).toBe(true);
  });

  it("counts rows the channel does not show (thread-only replies) and goes above the first shown after them", async () => {
    // Unread on opening: the thread-only reply (6, not shown in the channel) and "second new" (8).
    const ordered = [messageRow(1, "bob", "old news"), messageRow(2, "alice", "my answer"), messageRow(3, "bob", "first new"), messageRow(6, "bob", "a reply kept in its thread"), messageRow(7, "alice", "mine, after"), messageRow(8, "bob", "second new")];
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageList messages={ordered.filter((m) => m.id !== 6)} countedMessages={ordered} loaded ctx={ctx} jumpTarget={null} hasOlder={false} onNeedOlder={() => undefined} channel="general" unreadAtOpen={2} mergeWindowSeconds={0} />
      </SWRConfig>,
    );
    await settle();
    const line = screen.getByRole("separator", { name: "New messages" });
    expect(line.compareDocumentPosition(screen.getByText("mine, after")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(line.compareDocumentPosition(screen.getByText("first new")) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
  });

  it("gives the first new message its author's header even when it follows the same author's last read one", async () => {
    const pair = [messageRow(1, "bob", "read before", { ts: 1_800_000_000 }), messageRow(2, "bob", "unread after", { ts: 1_800_000_030 })];
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageList messages={pair} loaded ctx={ctx} jumpTarget={null} hasOlder={false} onNeedOlder={() => undefined} channel="general" unreadAtOpen={1} mergeWindowSeconds={600} />
      </SWRConfig>,
    );
    await settle();
    const header = screen.getByText("unread after").closest("article")!.querySelector("header");
    expect(header).not.toBeNull();
    expect(header!.textContent).toContain("bob");
  });

  it("is not shown when nothing was unread", async () => {
    render(list(0));
    await settle();
    expect(screen.queryByRole("separator", { name: "New messages" })).toBeNull();
  });
});

describe("the message list in French", () => {
  it("dates its day separators and names its New messages line in French", async () => {
    const ctx = messageContext();
    // Local times, so the days hold in any time zone the tests run in.
    const at = (day: number, hour: number) => new Date(2026, 11, day, hour, 5).getTime() / 1000;
    const rows = [messageRow(1, "bob", "jeudi soir", { ts: at(3, 21) }), messageRow(2, "bob", "vendredi matin", { ts: at(4, 9) })];
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageList messages={rows} loaded ctx={ctx} jumpTarget={null} hasOlder={false} onNeedOlder={() => undefined} channel="general" unreadAtOpen={1} mergeWindowSeconds={0} />
      </SWRConfig>,
      { locale: "fr" },
    );
    await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(screen.getByRole("log", { name: "Messages" })).toBeInTheDocument();
    const separators = screen.getAllByRole("separator").map((s) => s.textContent);
    expect(separators).toEqual(["jeudi 3 décembre 2026", "vendredi 4 décembre 2026", "Nouveaux messages"]);
    expect(screen.getByRole("article", { name: "bob à 09:05" })).toHaveTextContent("vendredi matin");
  });
});
