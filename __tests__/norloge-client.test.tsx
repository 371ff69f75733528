import { act, fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { ChatApp } from "@/app/_components/chat/chat-app";
import type { Message } from "@/lib/client/types";
import { messageRow as row } from "./helpers/message-row";

/**
 * Tribune posts and norloges in the web client (jsdom, fake server): how an anonymous post and a
 * registered user's tribune post look, and norloges as references to earlier messages.
 */

let messages: Message[];
/** A fresh channel per test: the client keeps each channel's messages for the page's life. */
let channel = "";
let channelCount = 0;
let requested: string[];
let posts: string[];
/** The rows each scrollIntoView was asked of (jsdom lays nothing out, so it has none). */
let scrolledTo: Element[];

function answer(body: unknown, status = 200) {
  return { ok: status < 400, status, json: async () => body, text: async () => (typeof body === "string" ? body : JSON.stringify(body)) };
}

function route(path: string): unknown {
  if (path.startsWith(`/messages/${channel}?`)) return messages.map((m) => ({ ...m, channel }));
  if (path.startsWith("/messages/")) return [];
  if (path === "/channel_unreads") return { [channel]: 0 };
  if (path === "/channel_mentions") return { [channel]: 0 };
  if (path === "/private_channels" || path === "/dms") return [];
  if (path === "/user_avatars") return ["bob"];
  if (path === "/online_users" || path === "/user_colors" || path.startsWith("/read_receipts/")) return {};
  if (path === "/unread_count") return { count: 0 };
  if (path === "/users") return ["bob"];
  if (path.startsWith("/typing/")) return [];
  if (path.startsWith("/channel_members/")) return ["bob"];
  if (path.startsWith("/message/")) return messages.find((m) => `/message/${m.id}` === path) ?? {};
  return null;
}

beforeEach(() => {
  channel = `lounge${++channelCount}`;
  requested = [];
  posts = [];
  scrolledTo = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    if (init?.method === "POST") {
      posts.push(path);
      return answer("", 204);
    }
    requested.push(path);
    return answer(route(path));
  }) as unknown as typeof fetch;
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
  localStorage.clear();
});

afterEach(() => {
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

async function renderApp(extra: { tribuneTimeZone?: string; mergeWindowSeconds?: number } = {}) {
  render(
    <SWRConfig value={{ provider: () => new Map() }}>
      <ChatApp me="alice" channels={[channel]} maxUploadMb={25} maxAvatarMb={5} {...extra} />
    </SWRConfig>,
  );
  const last = messages.at(-1)!.id;
  await waitFor(() => expect(document.getElementById(`msg-${last}`)).not.toBeNull());
}

const article = (id: number) => document.getElementById(`msg-${id}`) as HTMLElement;
const norloges = (id: number) => [...article(id).querySelectorAll<HTMLElement>("[data-norloge]")];
/** The sender headers on screen, in order (a compact row has none). */
const headers = () =>
  screen.getAllByRole("article").map((a) => {
    const header = a.querySelector("header");
    return header ? header.textContent!.slice(0, -(header.querySelector("time")?.textContent ?? "").length) : "";
  });

const t0 = Date.UTC(2027, 0, 15, 12, 34, 56) / 1000;
const LONG_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("tribune posts in the web chat", () => {
  beforeEach(() => {
    messages = [
      row(1, "bob", "web hello", { ts: t0 }),
      row(2, "", "coin ! coin !", { ts: t0 + 10, agent: LONG_AGENT }),
      row(3, "", "plop", { ts: t0 + 20, agent: LONG_AGENT }),
      row(4, "", "another guest", { ts: t0 + 30, agent: "olcc" }),
      row(5, "bob", "from my coincoin", { ts: t0 + 40, agent: "quteqoin 0.9" }),
      row(6, "bob", "back on the web", { ts: t0 + 50 }),
    ];
  });

  it("an anonymous post shows its identity (shortened, whole in the tooltip), a guest badge and a plain avatar", async () => {
    await renderApp();
    const post = within(article(2));
    const name = article(2).querySelector(".guest-name") as HTMLElement;
    expect(name.textContent).toBe(`${LONG_AGENT.slice(0, 29)}\u2026`);
    expect(name.title).toBe(LONG_AGENT);
    expect(post.getByText("guest")).toBeTruthy();
    expect(article(2).getAttribute("aria-label")).toMatch(/^Mozilla\/5\.0 .*\u2026 \(guest\) at /);
    // Not a person one can open: no profile button, no picture asked for.
    expect(post.queryByRole("button", { name: /Mozilla/ })).toBeNull();
    expect(article(2).querySelector("img")).toBeNull();
    expect(article(2).querySelector("[data-guest-avatar]")).not.toBeNull();
    expect(requested.filter((p) => p.startsWith("/avatar/"))).toEqual([]);
    expect(requested.some((p) => p.startsWith("/profile/"))).toBe(false);
    // The registered user right above keeps their picture and their card.
    expect(within(article(1)).getByRole("button", { name: "bob" })).toBeTruthy();
  });

  it("groups by sender and identity: never a guest with a registered user, nor two guests", async () => {
    await renderApp({ mergeWindowSeconds: 300 });
    const short = `${LONG_AGENT.slice(0, 29)}\u2026`;
    // bob (web) | guest A | guest A again (grouped) | guest olcc | bob via quteqoin | bob (web)
    expect(headers()).toEqual(["bob", `${short}guest`, "", "olccguest", "bob", "bob"]);
  });

  it("a registered user's tribune post keeps their name and tells where it came from on the time", async () => {
    await renderApp();
    const post = within(article(5));
    expect(post.getByRole("button", { name: "bob" })).toBeTruthy();
    expect(post.queryByText("guest")).toBeNull();
    // The time's tooltip (on the time, or on the button around it that answers the post).
    expect((article(5).querySelector("header time")!.closest("[title]") as HTMLElement).title).toMatch(/ via quteqoin 0\.9\b/);
    expect(article(6).querySelector("time")?.title).not.toMatch(/via/);
  });

  it("a reply to a guest and its quote name the guest as the header does", async () => {
    messages.push(row(7, "bob", "answering olcc", { ts: t0 + 60, reply_to_id: 4 }));
    await renderApp();
    await waitFor(() => expect(within(article(7)).getByText("olcc: another guest")).toBeTruthy());
    fireEvent.click(within(article(4)).getByRole("button", { name: "Reply" }));
    expect(screen.getByText(/Replying to olcc: another guest/)).toBeTruthy();
  });
});

describe("norloges", () => {
  beforeEach(() => {
    messages = [
      row(1, "bob", "the build is green", { ts: t0 }), // 12:34:56 UTC
      row(2, "", "first in that second", { ts: t0 + 0.5, agent: "olcc" }), // 12:34:56 as well
      row(3, "bob", "a minute later", { ts: t0 + 60 }), // 12:35:56
      row(4, "alice", "12:34:56 nice! 12:34:56² 12:35 and 09:00 and 12:34:56@random, not `12:34:56`", { ts: t0 + 120 }),
    ];
  });

  it("are references: pointing at one highlights its message(s), leaving clears them", async () => {
    await renderApp();
    const [both, second, minute, missing, elsewhere] = norloges(4);
    expect([both, second, minute, missing, elsewhere].map((n) => n?.dataset.norloge)).toEqual(["12:34:56", "12:34:56²", "12:35", "09:00", "12:34:56@random"]);
    const marked = () => screen.getAllByRole("article").filter((a) => a.hasAttribute("data-norloge-target")).map((a) => a.id);
    fireEvent.mouseEnter(both!);
    expect(marked()).toEqual(["msg-1", "msg-2"]);
    fireEvent.mouseLeave(both!);
    expect(marked()).toEqual([]);
    fireEvent.mouseEnter(second!);
    expect(marked()).toEqual(["msg-2"]);
    fireEvent.mouseLeave(second!);
    // The keyboard does the same: a norloge is a button, focus highlights.
    expect(minute!.tagName).toBe("BUTTON");
    fireEvent.focus(minute!);
    expect(marked()).toEqual(["msg-3"]);
    fireEvent.blur(minute!);
    expect(marked()).toEqual([]);
  });

  it("clicking one brings the first message it points at into view and flashes it", async () => {
    jest.useFakeTimers({ doNotFake: ["queueMicrotask", "nextTick", "setImmediate"] });
    try {
      await renderApp();
      const [both] = norloges(4);
      expect(screen.getByRole("button", { name: "12:34:56" })).toBe(both);
      act(() => void fireEvent.click(both!));
      expect(scrolledTo).toContain(article(1));
      expect(article(1).hasAttribute("data-flash")).toBe(true);
      act(() => void jest.advanceTimersByTime(1500));
      expect(article(1).hasAttribute("data-flash")).toBe(false);
      // Again: it flashes again.
      act(() => void fireEvent.click(both!));
      expect(article(1).hasAttribute("data-flash")).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it("one with nothing loaded to point at, or naming another channel, is shown but inert", async () => {
    await renderApp();
    const [, , , missing, elsewhere] = norloges(4);
    for (const inert of [missing!, elsewhere!]) {
      expect(inert.tagName).toBe("SPAN");
      expect(inert.hasAttribute("data-norloge-missing")).toBe(true);
      fireEvent.mouseEnter(inert);
      expect(document.querySelector("[data-norloge-target]")).toBeNull();
    }
    expect(missing!.title).toBe("Not in the loaded history");
    expect(elsewhere!.title).toMatch(/random/);
  });

  it("naming the open channel as its board points as usual", async () => {
    messages[3] = row(4, "alice", `12:35@${channel}`, { ts: t0 + 120 });
    await renderApp();
    expect(norloges(4)[0]!.dataset.norlogeTargets).toBe("3");
  });

  it("inside code or a link is not a norloge", async () => {
    messages.push(row(5, "bob", "see `12:34:56` and https://example.com/at/12:34:56 and\n```\n12:34:56\n```", { ts: t0 + 180 }));
    await renderApp();
    expect(norloges(5)).toEqual([]);
    expect(article(5).querySelector("code")?.textContent).toBe("12:34:56");
    expect(article(4).querySelector("code [data-norloge]")).toBeNull();
  });

  it("are read on the tribune's clock", async () => {
    messages[3] = row(4, "alice", "13:34:56 in Paris", { ts: t0 + 120 });
    await renderApp({ tribuneTimeZone: "Europe/Paris" });
    const [paris] = norloges(4);
    expect(paris!.dataset.norlogeTargets).toBe("1 2");
  });

  it("point only at earlier messages", async () => {
    messages = [row(1, "bob", "12:34:56 is me, not a reference to myself", { ts: t0 })];
    await renderApp();
    expect(norloges(1)[0]!.hasAttribute("data-norloge-missing")).toBe(true);
  });

  it("reach a message beyond the rows on screen", async () => {
    // 80 rows: the oldest is outside the first rendered window, but loaded.
    messages = Array.from({ length: 80 }, (_, i) => row(i + 1, "bob", `message ${i + 1}`, { ts: t0 + i * 3600 }));
    messages.push(row(81, "alice", "back to 12:34:56 on the first day: 2027-01-15 12:34:56", { ts: t0 + 80 * 3600 }));
    await renderApp();
    expect(document.getElementById("msg-1")).toBeNull();
    const [, dated] = norloges(81);
    expect(dated!.dataset.norlogeTargets).toBe("1");
    act(() => void fireEvent.click(dated!));
    await waitFor(() => expect(scrolledTo).toContain(article(1)));
    expect(article(1).hasAttribute("data-flash")).toBe(true);
  });
});

describe("/bak in the message box", () => {
  beforeEach(() => {
    messages = [row(1, "bob", "hello", { ts: t0 }), row(2, "carol", "spam", { ts: t0 + 1 })];
  });

  it("is sent as a command, then every channel reloads its newest page and a note says the filters changed", async () => {
    await renderApp();
    const box = screen.getByRole("textbox", { name: `Message # ${channel}` });
    // What the server will answer once the rule holds: carol's message is filtered out.
    messages = messages.filter((m) => m.sender !== "carol");
    const before = requested.length;
    fireEvent.change(box, { target: { value: "/bak add author carol" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(posts).toContain(`/send/${channel}`));
    expect(await screen.findByRole("status")).toHaveTextContent("Filters (BaK) updated");
    // A fresh first page (after=0), not an incremental poll: the filtered message leaves the screen.
    await waitFor(() => expect(requested.slice(before).some((p) => p.startsWith(`/messages/${channel}?after=0&limit=`))).toBe(true));
    await waitFor(() => expect(document.getElementById("msg-2")).toBeNull());
    expect(document.getElementById("msg-1")).not.toBeNull();
  });
});

describe("answering with a norloge", () => {
  beforeEach(() => {
    messages = [
      row(1, "bob", "first in that second", { ts: t0 + 0.2 }),
      row(2, "carol", "second in that second", { ts: t0 + 0.7 }),
      row(3, "bob", "a minute later", { ts: t0 + 64 }),
    ];
  });

  it("clicking a message's time puts its norloge (index included) into the message box, on the tribune's clock", async () => {
    await renderApp({ tribuneTimeZone: "Europe/Paris" });
    const box = screen.getByRole("textbox", { name: `Message # ${channel}` }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: "see" } });
    fireEvent.click(within(article(2)).getByTitle(/13:34:56² on the tribune's clock/));
    expect(box.value).toBe("see 13:34:56² ");
    fireEvent.click(within(article(3)).getByTitle(/13:36:00 on the tribune's clock/));
    expect(box.value).toBe("see 13:34:56² 13:36:00 ");
    expect(document.activeElement).toBe(box);
  });
});
