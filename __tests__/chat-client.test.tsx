import { act, cleanup, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import { zoomedFontSize } from "@/app/_components/chat/keyboard";
import type { Message } from "@/lib/client/types";
import { messageRow } from "./helpers/message-row";

/**
 * The whole web client in jsdom against a fake server: visual mode, the edit box, Esc, and
 * Ctrl+wheel text size. Every request is recorded; answers come from `routes`.
 */
const row = messageRow;

let messages: Message[];
let posts: { path: string; body: string }[];
let typing: string[];
let mentionCounts: Record<string, number>;

function answer(body: unknown, status = 200) {
  return { ok: status < 400, status, json: async () => body, text: async () => (typeof body === "string" ? body : JSON.stringify(body)) };
}

function route(path: string): unknown {
  if (path.startsWith("/messages/general")) return messages;
  if (path.startsWith("/messages/lately")) return messages.map((m) => ({ ...m, channel: "lately" }));
  if (path.startsWith("/messages/")) return [];
  if (path === "/channel_unreads") return { general: 0 };
  if (path === "/channel_mentions") return mentionCounts;
  if (path === "/private_channels" || path === "/dms" || path === "/user_avatars") return [];
  if (path === "/online_users" || path === "/user_colors" || path.startsWith("/read_receipts/")) return {};
  if (path === "/unread_count") return { count: 0 };
  if (path === "/users") return ["bob"];
  if (path.startsWith("/typing/")) return typing;
  if (path.startsWith("/channel_members/")) return ["bob"];
  if (path === "/profile/bob") return { username: "bob", name_color: null, bio: "Keeps the firmware honest" };
  if (path.startsWith("/message/")) return messages.find((m) => `/message/${m.id}` === path) ?? {};
  return null;
}

beforeEach(() => {
  messages = [row(1, "bob", "first from bob"), row(2, "alice", "my own words"), row(3, "bob", "latest from bob")];
  posts = [];
  typing = [];
  mentionCounts = { general: 0 };
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") {
      posts.push({ path, body: init.body instanceof URLSearchParams ? init.body.toString() : String(init.body ?? "") });
      return answer("", 204);
    }
    return answer(route(path));
  }) as unknown as typeof fetch;
  Object.assign(navigator, { clipboard: { writeText: jest.fn(async () => undefined) } });
  localStorage.clear();
});

async function renderApp(channels = ["general"], extra: { mergeWindowSeconds?: number } = {}) {
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <ChatApp me="alice" channels={channels} maxUploadMb={25} maxAvatarMb={5} {...extra} />
    </SWRConfig>,
  );
  await screen.findByText(messages.at(-1)!.content);
}

const key = (k: string, extra: KeyboardEventInit = {}) => act(async () => void window.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra })));
const selected = () => document.querySelector(".visual-selected")?.textContent ?? null;

describe("visual mode", () => {
  it("v selects the newest message; k and j move; Esc leaves", async () => {
    await renderApp();
    await key("v");
    expect(selected()).toContain("latest from bob");
    // Screen readers hear which message is selected.
    expect(screen.getByRole("status").textContent).toMatch(/^Selected: bob, \u201clatest from bob\u201d\. Visual mode/);
    await key("k");
    expect(selected()).toContain("my own words");
    await key("ArrowUp");
    await key("k"); // already at the oldest: stays
    expect(selected()).toContain("first from bob");
    await key("j");
    expect(selected()).toContain("my own words");
    await key("Escape");
    expect(selected()).toBeNull();
    // Outside visual mode the same keys scroll instead of selecting.
    await key("k");
    expect(selected()).toBeNull();
  });

  it("c edits my message; Ctrl+Enter saves the new text", async () => {
    await renderApp();
    await key("v");
    await key("k");
    await key("c");
    const box = await screen.findByRole("textbox", { name: "Edit message" });
    expect((box as HTMLTextAreaElement).value).toBe("my own words");
    fireEvent.change(box, { target: { value: "my better words" } });
    fireEvent.keyDown(box, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(posts).toContainEqual({ path: "/edit/2", body: "text=my+better+words" }));
    await waitFor(() => expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull());
  });

  it("refuses to edit or delete someone else's message, and says why", async () => {
    await renderApp();
    await key("v");
    await key("c");
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
    expect(screen.getByRole("alert").textContent).toContain("You can only edit your own messages.");
    await key("d");
    expect(screen.getByRole("alert").textContent).toContain("You can only delete your own messages.");
    await key("d");
    expect(posts.filter((p) => p.path.startsWith("/delete/"))).toEqual([]);
  });

  it("d twice deletes my message and moves the selection; o replies; y copies", async () => {
    await renderApp();
    await key("v");
    await key("y");
    expect(navigator.clipboard.writeText).toHaveBeenCalledWith("latest from bob");
    expect(await screen.findByText(/Message copied\./)).toBeTruthy();
    await key("k");
    await key("d");
    // One stray d never deletes: it asks for a second.
    expect(screen.getByRole("alert").textContent).toContain("Press d again to delete this message.");
    expect(posts.filter((p) => p.path.startsWith("/delete/"))).toEqual([]);
    await key("d");
    // …and then for a confirmation, Delete focused so Enter confirms.
    const confirm = screen.getByRole("dialog", { name: "Delete message" });
    expect(within(confirm).getByText("my own words")).toBeTruthy();
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Delete" }));
    expect(posts.filter((p) => p.path.startsWith("/delete/"))).toEqual([]);
    fireEvent.click(within(confirm).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(posts.map((p) => p.path)).toContain("/delete/2"));
    expect(screen.queryByRole("dialog", { name: "Delete message" })).toBeNull();
    expect(selected()).toContain("first from bob");
    await key("o");
    expect(await screen.findByText("Replying to bob: first from bob")).toBeTruthy();
    expect(selected()).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message # general" }));
  });

  it("a cancelled edit stays closed after leaving the channel and coming back", async () => {
    await renderApp(["general", "random"]);
    await key("v");
    await key("k");
    await key("c");
    fireEvent.keyDown(await screen.findByRole("textbox", { name: "Edit message" }), { key: "Escape" });
    await key("ArrowDown", { altKey: true });
    await screen.findByText("No messages yet. Say hello!");
    await key("ArrowUp", { altKey: true });
    await screen.findByText("my own words");
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
  });

  it("e opens the reaction picker on the selected message", async () => {
    await renderApp();
    await key("v");
    await key("e");
    const picker = await screen.findByRole("dialog", { name: "Add reaction" });
    fireEvent.change(within(picker).getByLabelText("Search reactions"), { target: { value: "thumbsup" } });
    fireEvent.keyDown(within(picker).getByLabelText("Search reactions"), { key: "Enter" });
    await waitFor(() => expect(posts).toContainEqual({ path: "/react/3", body: "reaction=thumbsup" }));
  });
});

describe("the first screen", () => {
  it("comes with the page: no start-up requests for what the server rendered", async () => {
    const seeded = [row(11, "bob", "seeded hello", { channel: "seeded" })];
    const fallback = {
      "/channel_unreads": { seeded: 0 },
      "/channel_mentions": { seeded: 0 },
      "/private_channels": [],
      "/dms": [{ channel: "dm:alice:bob", users: ["bob"], unread: 2 }],
      "/online_users": { bob: "active" },
      "/unread_count": { count: 2 },
      "/user_colors": {},
      "/user_avatars": [],
      "/users": ["bob"],
      "/channel_members/seeded": ["bob"],
      "/read_receipts/seeded": {},
      "/typing/seeded": [],
    };
    // The app's clock is the test's: 300 ms of it pass however busy the machine is, so the
    // 500 ms message poll cannot come round a second time inside the window.
    jest.useFakeTimers();
    try {
      render(
        <SWRConfig value={{ provider: () => new Map(), fallback }}>
          <ChatApp me="alice" channels={["seeded"]} maxUploadMb={25} maxAvatarMb={5} initial={{ channel: "seeded", messages: seeded }} />
        </SWRConfig>,
      );
      expect(screen.getByText("seeded hello")).toBeTruthy();
      expect(screen.getByRole("button", { name: /@ bob/ })).toBeTruthy();
      expect(document.title).toBe("(2) MiniMost");
      await act(() => jest.advanceTimersByTimeAsync(300));
      const asked = (global.fetch as jest.Mock).mock.calls.map(([path, init]) => [String(path), init?.method ?? "GET"]);
      const gets = asked.filter(([, method]) => method === "GET").map(([path]) => path);
      for (const path of Object.keys(fallback)) expect(gets).not.toContain(path);
      // The only read is the channel's cheap "anything newer?" poll from the seeded page's cursor.
      expect(gets.filter((p) => p.startsWith("/messages/"))).toEqual([`/messages/seeded?after=${seeded[0]!.ts}`]);
    } finally {
      cleanup(); // unmounted while its timers are still the fake ones
      jest.useRealTimers();
    }
  });
});

describe("the edit box", () => {
  it("opens from the Edit button, refuses an empty text, and Esc cancels without saving", async () => {
    await renderApp();
    const mine = screen.getByText("my own words").closest("article")!;
    fireEvent.click(within(mine as HTMLElement).getByRole("button", { name: "Edit" }));
    const box = screen.getByRole("textbox", { name: "Edit message" });
    fireEvent.change(box, { target: { value: "   " } });
    fireEvent.click(within(mine as HTMLElement).getByRole("button", { name: "Save" }));
    expect(screen.getByRole("alert").textContent).toContain("Message cannot be empty");
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("textbox", { name: "Edit message" })).toBeNull();
    expect(screen.getByText("my own words")).toBeTruthy();
    expect(posts.filter((p) => p.path.startsWith("/edit/"))).toEqual([]);
  });

  it("shows the server's refusal and keeps the editor open with the text", async () => {
    await renderApp();
    (global.fetch as jest.Mock).mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) =>
      init?.method === "POST" && String(input).startsWith("/edit/") ? answer({ error: "forbidden" }, 403) : answer(route(String(input))),
    );
    const mine = screen.getByText("my own words").closest("article") as HTMLElement;
    fireEvent.click(within(mine).getByRole("button", { name: "Edit" }));
    fireEvent.change(screen.getByRole("textbox", { name: "Edit message" }), { target: { value: "changed" } });
    fireEvent.click(within(mine).getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Could not edit message");
    expect((screen.getByRole("textbox", { name: "Edit message" }) as HTMLTextAreaElement).value).toBe("changed");
  });
});

describe("a sender's card", () => {
  it("shows the picture, name and bio on focus, and hides on blur", async () => {
    await renderApp();
    const name = within(screen.getByText("first from bob").closest("article") as HTMLElement).getByRole("button", { name: "bob" });
    act(() => name.focus());
    const card = await screen.findByRole("tooltip");
    expect(await within(card).findByText("Keeps the firmware honest")).toBeTruthy();
    act(() => name.blur());
    expect(screen.queryByRole("tooltip")).toBeNull();
  });
});

describe("Esc and text size", () => {
  it("Esc closes an open dialog", async () => {
    await renderApp();
    fireEvent.click(screen.getByRole("button", { name: "Help" }));
    expect(screen.getByRole("dialog", { name: "Help" })).toBeTruthy();
    await key("Escape");
    expect(screen.queryByRole("dialog", { name: "Help" })).toBeNull();
  });

  it("Ctrl+wheel over the conversation changes the text size within 11–22 px and remembers it", async () => {
    await renderApp();
    const list = screen.getByTestId("message-list");
    const root = list.closest("[style]") as HTMLElement;
    const wheel = (target: Element, init: WheelEventInit) => act(() => void target.dispatchEvent(new WheelEvent("wheel", { bubbles: true, cancelable: true, ...init })));
    expect(root.style.fontSize).toBe("14px");
    await wheel(list, { deltaY: -40, ctrlKey: true });
    expect(root.style.fontSize).toBe("16px");
    expect(localStorage.getItem("chatFontSize")).toBe("16");
    await wheel(list, { deltaY: -400, ctrlKey: true });
    expect(root.style.fontSize).toBe("22px");
    // A wheel without Ctrl scrolls, as always; over the sidebar, Ctrl+wheel is the browser's zoom.
    await wheel(list, { deltaY: 400 });
    await wheel(screen.getByRole("navigation", { name: "Channels" }), { deltaY: 400, ctrlKey: true });
    expect(root.style.fontSize).toBe("22px");
    expect(zoomedFontSize(14, 1000)).toBe(11);
    expect(zoomedFontSize(14, 3)).toBe(13.9);
  });
});

describe("deleting", () => {
  const deletes = () => posts.filter((p) => p.path.startsWith("/delete/"));

  it("the Delete button asks to confirm; Cancel and Esc keep the message", async () => {
    await renderApp();
    const mine = () => screen.getByText("my own words").closest("article") as HTMLElement;
    fireEvent.click(within(mine()).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Delete message" })).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(mine()).getByRole("button", { name: "Delete" }));
    fireEvent.keyDown(screen.getByRole("dialog", { name: "Delete message" }), { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "Delete message" })).toBeNull();
    await act(() => new Promise((r) => setTimeout(r, 100)));
    expect(deletes()).toEqual([]);
    fireEvent.click(within(mine()).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Delete message" })).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(deletes()).toEqual([{ path: "/delete/2", body: "" }]));
  });

  it("Esc in the confirmation cancels the delete and keeps visual mode", async () => {
    await renderApp();
    await key("v");
    await key("k");
    await key("d");
    await key("d");
    fireEvent.keyDown(screen.getByRole("dialog", { name: "Delete message" }), { key: "Escape" });
    expect(screen.queryByRole("dialog", { name: "Delete message" })).toBeNull();
    expect(selected()).toContain("my own words");
    expect(deletes()).toEqual([]);
  });
});

describe("one sender's consecutive messages", () => {
  const t0 = 1_800_000_000;
  /** The sender headers on screen, in order (compact rows have none). */
  const headers = () => screen.getAllByRole("article").map((a) => within(a).queryByRole("button", { name: /^(alice|bob)$/ })?.textContent ?? "");

  beforeEach(() => {
    messages = [
      row(1, "bob", "b1", { ts: t0 }),
      row(2, "bob", "b2", { ts: t0 + 100 }),
      row(3, "bob", "b3", { ts: t0 + 250 }),
      row(4, "alice", "a1", { ts: t0 + 260 }),
      row(5, "alice", "a2", { ts: t0 + 270 }),
      row(6, "alice", "a3 replying", { ts: t0 + 280, reply_to_id: 1 }),
      row(7, "bob", "b4", { ts: t0 + 290 }),
    ];
  });

  it("share one header within merge_window_seconds; a reply or another sender starts anew", async () => {
    await renderApp(["general"], { mergeWindowSeconds: 300 });
    expect(headers()).toEqual(["bob", "", "", "alice", "", "alice", "bob"]);
    // Each grouped message is still its own: its own time (shown on hover) and its own actions.
    const b2 = screen.getByText("b2").closest("article") as HTMLElement;
    expect(b2.querySelector("time")?.getAttribute("datetime")).toBe(new Date((t0 + 100) * 1000).toISOString());
    const a2 = screen.getByText("a2").closest("article") as HTMLElement;
    for (const action of ["Reply", "Add reaction", "Edit", "Delete"]) expect(within(a2).getByRole("button", { name: action })).toBeTruthy();
    fireEvent.click(within(a2).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(screen.getByRole("dialog", { name: "Delete message" })).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(posts.filter((p) => p.path.startsWith("/delete/"))).toEqual([{ path: "/delete/5", body: "" }]));
  });

  it("follow the configured window: each gap is measured from the message before", async () => {
    await renderApp(["general"], { mergeWindowSeconds: 120 });
    // b1 → b2 is 100 s (grouped), b2 → b3 is 150 s (a new header), though b3 is 250 s after b1.
    expect(headers()).toEqual(["bob", "", "bob", "alice", "", "alice", "bob"]);
  });

  it("are never grouped with a window of 0", async () => {
    await renderApp(["general"], { mergeWindowSeconds: 0 });
    expect(headers()).toEqual(["bob", "bob", "bob", "alice", "alice", "alice", "bob"]);
  });
});

describe("the typing line", () => {
  const line = () => screen.getByTestId("typing").textContent;

  it("ends when the typist's message arrives, though the server still reports them for a while", async () => {
    typing = ["bob"];
    await renderApp();
    await waitFor(() => expect(line()).toBe("bob is typing\u2026"));
    messages = [...messages, row(90, "bob", "done typing")];
    await screen.findByText("done typing", {}, { timeout: 3000 });
    expect(line()).toBe("");
    // The server keeps listing bob for a few more polls: still nothing shown.
    await act(() => new Promise((r) => setTimeout(r, 1500)));
    expect(line()).toBe("");
    // Once bob is no longer reported, typing again shows at once.
    typing = [];
    await act(() => new Promise((r) => setTimeout(r, 1500)));
    typing = ["bob"];
    await waitFor(() => expect(line()).toBe("bob is typing\u2026"), { timeout: 3000 });
  });
});

describe("the typing line on opening a channel", () => {
  it("leaves out whoever just sent the newest message", async () => {
    typing = ["bob"];
    messages = [row(1, "alice", "a question"), row(2, "bob", "just answered", { ts: Date.now() / 1000 - 2 })];
    await renderApp(["lately"]);
    await act(() => new Promise((r) => setTimeout(r, 1500)));
    expect(screen.getByTestId("typing").textContent).toBe("");
  });
});

describe("mentions elsewhere", () => {
  let shown: string[];
  beforeEach(() => {
    shown = [];
    Object.assign(globalThis, {
      Notification: class {
        static permission = "granted";
        constructor(title: string) {
          shown.push(title);
        }
        close() {}
      },
    });
    mentionCounts = { general: 0, software: 0 };
  });

  it("give notice with the page in front, and a mention badge on the channel", async () => {
    await renderApp(["general", "software"]);
    await act(() => new Promise((r) => setTimeout(r, 1200)));
    mentionCounts = { general: 0, software: 1 };
    const notice = await screen.findByText(/You were mentioned in # software\./, {}, { timeout: 3000 });
    expect(notice.closest("[role='status']")).toBeTruthy();
    expect(shown).toEqual(["You were mentioned in # software \u2014 MiniMost"]);
    const software = screen.getByRole("navigation", { name: "Channels" }).querySelector("button .mention-badge");
    expect(software?.getAttribute("aria-label")).toBe("1 mention, 1 unread");
  });
});

describe("leaving a private channel", () => {
  it("asks nothing more about the channel once the leave is sent, even while the server takes its time", async () => {
    const launch = { id: 7, channel: "private:7", name: "launch", unread: 0, members: ["alice", "bob"] };
    const gets: { path: string; at: number }[] = [];
    let leaveSentAt = Infinity;
    const fake = global.fetch as jest.Mock;
    const serve = fake.getMockImplementation()!;
    fake.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      if (path === "/private_channels") return answer([launch]);
      if (init?.method === "POST" && path === "/private_channels/7/leave") {
        leaveSentAt = Date.now();
        await new Promise((r) => setTimeout(r, 1200)); // longer than two polls of the open channel
        return answer("ok");
      }
      if (!init?.method || init.method === "GET") gets.push({ path, at: Date.now() });
      return serve(input, init);
    });
    window.confirm = jest.fn(() => true);
    await renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "launch" }));
    await waitFor(() => expect(gets.some((g) => g.path.startsWith("/messages/private%3A7"))).toBe(true));
    fireEvent.click(screen.getByRole("button", { name: /^\d+ members?$/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Leave channel" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("general"), { timeout: 4000 });
    await act(() => new Promise((r) => setTimeout(r, 700)));
    const late = gets.filter((g) => g.at >= leaveSentAt && g.path.includes("private%3A7")).map((g) => g.path);
    expect(late).toEqual([]);
  });
});
