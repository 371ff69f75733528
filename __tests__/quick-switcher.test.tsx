import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import { rankSwitcher, switcherItems, withRecent, type SwitcherItem } from "@/lib/client/switcher";
import { messageRow } from "./helpers/message-row";

/**
 * The quick switcher (Ctrl/⌘+K) in the whole web client against a fake server, its ranking on its
 * own, and the channel keys that moved to Alt+↑/↓.
 */

let unreads: Record<string, number>;
let mentions: Record<string, number>;
let asked: string[];

function answer(body: unknown, status = 200) {
  return { ok: status < 400, status, headers: new Headers(), json: async () => body, text: async () => (typeof body === "string" ? body : JSON.stringify(body)) };
}

function route(path: string): unknown {
  if (path.startsWith("/messages/general")) return [messageRow(1, "bob", "hello in general")];
  if (path.startsWith("/messages/")) return [];
  if (path === "/channel_unreads") return unreads;
  if (path === "/channel_mentions") return mentions;
  if (path === "/private_channels") return [{ id: 3, channel: "private:3", name: "Release Team", unread: 0, members: ["alice", "bob"] }];
  if (path === "/dms") return [{ channel: "dm:alice:bob", users: ["bob"], unread: 1 }];
  if (path === "/user_avatars") return [];
  if (path === "/online_users" || path === "/user_colors" || path.startsWith("/read_receipts/")) return {};
  if (path === "/unread_count") return { count: 1 };
  if (path === "/users") return ["alice", "bob", "carol"];
  if (path.startsWith("/typing/")) return [];
  if (path.startsWith("/channel_members/")) return ["bob"];
  return null;
}

beforeEach(() => {
  unreads = { general: 0, random: 3, engineering: 0 };
  mentions = {};
  asked = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    asked.push(path);
    if (init?.method === "POST") return answer("ok");
    return answer(route(path));
  }) as unknown as typeof fetch;
  localStorage.clear();
});
afterEach(cleanup);

async function renderApp() {
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <ChatApp me="alice" channels={["general", "random", "engineering"]} maxUploadMb={25} maxAvatarMb={5} />
    </SWRConfig>,
  );
  await screen.findByText("hello in general");
  // The lists the switcher offers have arrived.
  await screen.findByText("Release Team");
  await screen.findByText("@ bob");
}

/** A key pressed where the focus is (bubbling up to the window's shortcuts, as a real key does). */
const press = (k: string, extra: KeyboardEventInit = {}) =>
  act(async () => void (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra })));

const dialog = () => screen.getByRole("dialog", { name: "Switch channels" });
const box = () => within(dialog()).getByRole("combobox", { name: "Find a channel, conversation or person" });
const options = () => within(dialog()).queryAllByRole("option").map((o) => o.getAttribute("data-channel"));
const selectedOption = () => within(dialog()).getByRole("option", { selected: true }).getAttribute("data-channel");
const title = () => screen.getByTestId("channel-title").textContent;
const composer = (name: string) => screen.getByRole("textbox", { name: `Message ${name}` });

async function openSwitcher(extra: KeyboardEventInit = { ctrlKey: true }) {
  await press("k", extra);
  return dialog();
}

describe("the quick switcher", () => {
  it("opens with Ctrl+K even while typing a message, takes the focus, and Esc gives it back", async () => {
    await renderApp();
    composer("# general").focus();
    await openSwitcher();
    expect(document.activeElement).toBe(box());
    await press("Escape");
    expect(screen.queryByRole("dialog", { name: "Switch channels" })).toBeNull();
    expect(document.activeElement).toBe(composer("# general"));
    expect(title()).toBe("# general");
  });

  it("opens from the sidebar's button too (the mouse, touch screens)", async () => {
    await renderApp();
    fireEvent.click(screen.getByRole("button", { name: /^Find a channel/ }));
    expect(document.activeElement).toBe(box());
    fireEvent.change(box(), { target: { value: "eng" } });
    fireEvent.click(within(dialog()).getByRole("option"));
    await waitFor(() => expect(title()).toBe("# engineering"));
  });

  it("opens with ⌘K too, and Ctrl+K again closes it", async () => {
    await renderApp();
    await openSwitcher({ metaKey: true });
    await press("k", { ctrlKey: true });
    expect(screen.queryByRole("dialog", { name: "Switch channels" })).toBeNull();
  });

  it("ranks fuzzy matches as they are typed; Enter opens the best one and its message box takes the focus", async () => {
    await renderApp();
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "rndm" } });
    expect(options()[0]).toBe("random");
    fireEvent.change(box(), { target: { value: "eng" } });
    expect(options()).toEqual(["engineering"]);
    fireEvent.change(box(), { target: { value: "reltm" } });
    expect(options()[0]).toBe("private:3");
    fireEvent.change(box(), { target: { value: "#ran" } });
    expect(options()[0]).toBe("random");
    await press("Enter");
    expect(screen.queryByRole("dialog", { name: "Switch channels" })).toBeNull();
    expect(title()).toBe("# random");
    await waitFor(() => expect(document.activeElement).toBe(composer("# random")));
  });

  it("says so when nothing matches, and Enter then does nothing", async () => {
    await renderApp();
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "zzzz" } });
    expect(options()).toEqual([]);
    expect(within(dialog()).getByText("No matches")).toBeTruthy();
    await press("Enter");
    expect(dialog()).toBeTruthy();
    expect(title()).toBe("# general");
  });

  it("lists recent conversations first while the box is empty (the open one is not lifted)", async () => {
    await renderApp();
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "eng" } });
    await press("Enter");
    await waitFor(() => expect(title()).toBe("# engineering"));
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "Release" } });
    await press("Enter");
    await waitFor(() => expect(title()).toBe("Release Team"));
    await openSwitcher();
    // Most recent first: engineering, then general (where the app opened); unread ones next; then the rest.
    expect(options().slice(0, 4)).toEqual(["engineering", "general", "random", "dm:alice:bob"]);
    expect(selectedOption()).toBe("engineering");
    // Enter on the empty box goes back to the previous conversation, as Alt+Tab would.
    await press("Enter");
    await waitFor(() => expect(title()).toBe("# engineering"));
    // The list survives a reload: it is kept in this browser.
    expect(JSON.parse(localStorage.getItem("quickSwitcherRecent")!)).toEqual(["engineering", "private:3", "general"]);
  });

  it("marks unread conversations with their counts", async () => {
    mentions = { engineering: 2 };
    await renderApp();
    await openSwitcher();
    const option = (channel: string) => within(dialog()).getAllByRole("option").find((o) => o.getAttribute("data-channel") === channel)!;
    await waitFor(() => expect(option("engineering").getAttribute("data-unread")).toBe("true"));
    expect(within(option("random")).getByLabelText("3 unread")).toBeTruthy();
    expect(within(option("dm:alice:bob")).getByLabelText("1 unread")).toBeTruthy();
    expect(within(option("engineering")).getByLabelText("2 mentions")).toBeTruthy();
    expect(option("general").getAttribute("data-unread")).toBeNull();
    expect(option("private:3").getAttribute("data-unread")).toBeNull();
  });

  it("↑/↓ move the selection (wrapping) and the box keeps the focus; Tab cannot leave the dialog", async () => {
    await renderApp();
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "e" } });
    const found = options();
    expect(found.length).toBeGreaterThan(2);
    expect(selectedOption()).toBe(found[0]);
    await press("ArrowDown");
    expect(selectedOption()).toBe(found[1]);
    expect(box().getAttribute("aria-activedescendant")).toBe(within(dialog()).getByRole("option", { selected: true }).id);
    await press("ArrowUp");
    await press("ArrowUp");
    expect(selectedOption()).toBe(found.at(-1));
    await press("Tab");
    expect(document.activeElement).toBe(box());
    await press("Tab", { shiftKey: true });
    expect(document.activeElement).toBe(box());
    // Alt+↓ inside the dialog is the dialog's, not "next channel".
    await press("ArrowDown", { altKey: true });
    expect(title()).toBe("# general");
  });

  it("works with the mouse: pointing selects, a click opens, a click outside closes", async () => {
    await renderApp();
    await openSwitcher();
    const random = within(dialog()).getAllByRole("option").find((o) => o.getAttribute("data-channel") === "random")!;
    fireEvent.mouseMove(random);
    expect(selectedOption()).toBe("random");
    fireEvent.click(random);
    await waitFor(() => expect(title()).toBe("# random"));
    await openSwitcher();
    fireEvent.mouseDown(dialog().parentElement!);
    expect(screen.queryByRole("dialog", { name: "Switch channels" })).toBeNull();
  });

  it("opening a person opens the DM with them, new or existing; people with a DM are listed once", async () => {
    await renderApp();
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "bob" } });
    expect(options()).toEqual(["dm:alice:bob"]);
    fireEvent.change(box(), { target: { value: "@car" } });
    expect(options()).toEqual(["dm:alice:carol"]);
    expect(within(dialog()).getByText("open a DM")).toBeTruthy();
    await press("Enter");
    await waitFor(() => expect(title()).toBe("@ carol"));
    await waitFor(() => expect(asked.some((p) => p.startsWith("/messages/dm%3Aalice%3Acarol") || p.startsWith("/messages/dm:alice:carol"))).toBe(true));
    // Nobody opens a DM with themselves from here.
    await openSwitcher();
    fireEvent.change(box(), { target: { value: "alice" } });
    expect(options()).toEqual([]);
  });
});

describe("channel keys", () => {
  it("Alt+↓ / Alt+↑ move to the next / previous channel in the sidebar's order, wrapping, even from the message box", async () => {
    await renderApp();
    await press("ArrowDown", { altKey: true });
    expect(title()).toBe("# random");
    await waitFor(() => composer("# random"));
    composer("# random").focus();
    await press("ArrowDown", { altKey: true });
    expect(title()).toBe("# engineering");
    await press("ArrowDown", { altKey: true });
    expect(title()).toBe("Release Team");
    await press("ArrowUp", { altKey: true });
    await press("ArrowUp", { altKey: true });
    await press("ArrowUp", { altKey: true });
    expect(title()).toBe("# general");
    await press("ArrowUp", { altKey: true });
    expect(title()).toBe("@ bob");
  });

  it("Ctrl+J no longer moves, and the help lists Ctrl+K, Alt+↑/↓ and the switcher's keys", async () => {
    await renderApp();
    await press("j", { ctrlKey: true });
    expect(title()).toBe("# general");
    await press("?");
    const help = screen.getByRole("dialog", { name: "Help" });
    expect(within(help).getByText("Ctrl+K / \u2318K")).toBeTruthy();
    expect(within(help).getByText(/Quick switcher/, { selector: "dd" })).toBeTruthy();
    expect(within(help).getByText("Alt+\u2193 / Alt+\u2191")).toBeTruthy();
    expect(within(help).getByText("Next / previous channel (anywhere but in a dialog)")).toBeTruthy();
    expect(within(help).queryByText("Ctrl+J / Ctrl+K")).toBeNull();
    expect(within(help).getByRole("heading", { name: "Quick switcher (Ctrl+K)" })).toBeTruthy();
  });
});

describe("ranking (lib/client/switcher)", () => {
  const items: SwitcherItem[] = switcherItems({
    me: "alice",
    channels: ["general", "random", "engineering", "off-topic"],
    privates: [{ id: 1, channel: "private:1", name: "Release Team", unread: 2, members: [] }],
    dms: [{ channel: "dm:alice:bob", users: ["bob"], unread: 0 }, { channel: "dm:alice:bob:carol", users: ["bob", "carol"], unread: 0 }],
    users: ["alice", "bob", "Carol", "gene", "Zoe"],
    unreads: { random: 3 },
    mentions: {},
    muted: new Set(["off-topic"]),
  });
  const labels = (query: string, recent: string[] = []) => rankSwitcher(items, query, recent).map((r) => r.item.label);

  it("lists channels, private channels, DMs, then people without a DM (not me), each once", () => {
    expect(items.map((i) => `${i.kind}:${i.label}`)).toEqual([
      "channel:general",
      "channel:random",
      "channel:engineering",
      "channel:off-topic",
      "private:Release Team",
      "dm:bob",
      "dm:bob, carol",
      "person:Carol",
      "person:gene",
      "person:Zoe",
    ]);
    expect(items.find((i) => i.label === "Carol")!.channel).toBe("dm:alice:Carol");
  });

  it("prefers word starts and runs over scattered letters, and drops what does not match", () => {
    expect(labels("rt")).toEqual(["Release Team"]);
    expect(labels("off")[0]).toBe("off-topic");
    expect(labels("eng")[0]).toBe("engineering");
    expect(labels("xyz")).toEqual([]);
    expect(labels("CAROL")).toContain("Carol");
  });

  it("lifts a recent conversation over an equally good match", () => {
    const plain = labels("ge");
    expect(plain.slice(0, 2)).toEqual(["gene", "general"]);
    expect(labels("ge", ["general"]).slice(0, 2)).toEqual(["general", "gene"]);
  });

  it("empty: recent first in their order, then unread, then the sidebar's order; muted unread is not marked", () => {
    expect(labels("", ["engineering", "dm:alice:bob"]).slice(0, 5)).toEqual(["engineering", "bob", "random", "Release Team", "general"]);
    expect(items.find((i) => i.channel === "off-topic")!.unread).toBe(0);
  });

  it("marks the matched characters", () => {
    expect(rankSwitcher(items, "rt", [])[0]!.matched).toEqual([0, 8]);
  });

  it("keeps the recent list short, most recent first, without repeats", () => {
    let recent: string[] = [];
    for (let i = 0; i < 30; i++) recent = withRecent(recent, `c${i}`);
    recent = withRecent(recent, "c25");
    expect(recent).toHaveLength(20);
    expect(recent.slice(0, 3)).toEqual(["c25", "c29", "c28"]);
    expect(new Set(recent).size).toBe(20);
  });
});
