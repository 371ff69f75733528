import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import type { Message } from "@/lib/client/types";
import { messageRow as row } from "./helpers/message-row";

/**
 * Message actions in the whole web client (issue 16), in jsdom against a fake server: a message's menu
 * pins, saves, marks unread and copies its link; a channel marked unread is not read again while the
 * reader stays in it; a permalink opens its channel from a cold start.
 */
let byChannel: Record<string, Message[]>;
let posts: string[];
let clipboard: string[];

function answer(body: unknown, status = 200) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { ok: status < 400, status, headers: new Headers(), json: async () => JSON.parse(text) as unknown, text: async () => text };
}

function route(path: string): unknown {
  const messages = /^\/messages\/([^?]+)/.exec(path);
  if (messages) return byChannel[decodeURIComponent(messages[1]!)] ?? [];
  if (path === "/channel_unreads" || path === "/channel_mentions") return { general: 0, software: 0 };
  if (path === "/private_channels" || path === "/dms" || path === "/user_avatars" || path === "/saved" || path.startsWith("/pins/")) return [];
  if (path === "/online_users" || path === "/user_colors" || path.startsWith("/read_receipts/")) return {};
  if (path === "/unread_count") return { count: 0 };
  if (path === "/users") return ["bob"];
  if (path.startsWith("/typing/")) return [];
  if (path.startsWith("/channel_members/")) return ["bob"];
  return null;
}

beforeEach(() => {
  byChannel = {
    general: [row(1, "bob", "first from bob"), row(2, "alice", "my own words"), row(3, "bob", "latest from bob")],
    software: [row(7, "bob", "the linked one", { channel: "software" }), row(8, "bob", "after the link", { channel: "software" })],
  };
  posts = [];
  clipboard = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") {
      posts.push(path);
      const id = Number(path.split("/").pop());
      if (path.startsWith("/mark_unread/")) return answer({ id, channel: "general", unread: 1 });
      if (path.startsWith("/pin/")) return answer({ id, channel: "general", pinned: true, pinned_by: "alice", pinned_at: 1 });
      if (path.startsWith("/save/")) return answer({ id, saved: true, saved_at: 1 });
      return answer("", 204);
    }
    return answer(route(path));
  }) as unknown as typeof fetch;
  Object.assign(navigator, { clipboard: { writeText: jest.fn(async (text: string) => void clipboard.push(text)) } });
  localStorage.clear();
  Element.prototype.scrollIntoView = jest.fn(); // jsdom lays nothing out
});

afterEach(() => {
  cleanup();
  window.history.replaceState(null, "", "/");
});

async function renderApp(last = "latest from bob") {
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <ChatApp me="alice" channels={["general", "software"]} maxUploadMb={25} maxAvatarMb={5} />
    </SWRConfig>,
  );
  await screen.findByText(last);
}

/** Opens a message's menu and picks an entry. */
async function pick(text: string, entry: string) {
  const article = screen.getByText(text).closest("article")!;
  fireEvent.click(within(article).getByRole("button", { name: "More actions" }));
  const menu = await screen.findByRole("menu", { name: "Message actions" });
  await act(async () => {
    fireEvent.click(within(menu).getByRole("menuitem", { name: entry }));
  });
}

it("pins, saves and copies a link from a message's menu, saying so", async () => {
  await renderApp();
  await pick("latest from bob", "Pin to channel");
  await waitFor(() => expect(posts).toContain("/pin/3"));
  expect(await screen.findByRole("status")).toHaveTextContent("Pinned to the channel");
  await pick("first from bob", "Save for later");
  await waitFor(() => expect(posts).toContain("/save/1"));
  await pick("my own words", "Copy link");
  await waitFor(() => expect(clipboard).toEqual([`${window.location.origin}/m/2`]));
  // No history entry for a message never edited.
  const article = screen.getByText("my own words").closest("article")!;
  fireEvent.click(within(article).getByRole("button", { name: "More actions" }));
  expect(within(screen.getByRole("menu")).queryByRole("menuitem", { name: "Edit history" })).toBeNull();
});

it("keeps a channel marked unread unread while the reader stays, and reads it again once they come back", async () => {
  await renderApp();
  await waitFor(() => expect(posts).toContain("/mark_read/general")); // read on open, as always
  await pick("first from bob", "Mark as unread");
  await waitFor(() => expect(posts).toContain("/mark_unread/1"));
  const reads = () => posts.filter((p) => p === "/mark_read/general").length;
  const before = reads();
  // New messages arrive and the page comes back into view: still not read.
  byChannel.general = [...byChannel.general!, row(4, "bob", "news while unread")];
  await screen.findByText("news while unread", {}, { timeout: 3000 });
  await act(async () => void document.dispatchEvent(new Event("visibilitychange")));
  await act(() => new Promise((r) => setTimeout(r, 300)));
  expect(reads()).toBe(before);
  // Away and back: opening the channel reads it as usual.
  fireEvent.click(screen.getByRole("button", { name: /software/ }));
  await screen.findByText("after the link");
  fireEvent.click(screen.getByRole("button", { name: /general/ }));
  await waitFor(() => expect(reads()).toBeGreaterThan(before));
});

it("opens a permalink's channel from a cold start and drops the link from the address", async () => {
  window.history.replaceState(null, "", "/?channel=software&message=7");
  await renderApp("the linked one");
  // Scrolled to and highlighted: the message's own row, not its neighbour's.
  await waitFor(() => expect(document.getElementById("msg-7")?.hasAttribute("data-flash")).toBe(true));
  expect(document.getElementById("msg-8")?.hasAttribute("data-flash")).toBe(false);
  expect(screen.getByTestId("channel-title")).toHaveTextContent("software");
  expect(window.location.search).toBe("");
});
