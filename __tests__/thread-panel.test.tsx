// The thread panel (issue 16): root and replies, its own composer with "Also send to channel", following,
// reading; and the root row's "N replies" line and Reply action that open it.
import React from "react";
import { fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { MessageItem, type MessageContext } from "@/app/_components/chat/message-item";
import { FollowedThreadsPanel, ThreadPanel, ThreadsButton, type ThreadLooks } from "@/app/_components/chat/thread-panel";
import type { ApiFollowedThreads, ApiThread } from "@/lib/chat/wire";
import { messageContext } from "./helpers/message-context";
import { messageRow } from "./helpers/message-row";

const answer = (body: unknown, status = 200, headers: Record<string, string> = {}) => ({
  ok: status < 400,
  status,
  headers: new Headers(headers),
  json: async () => body,
  text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
});

const ROOT = 10;
let thread: ApiThread;
let calls: { method: string; path: string; form: Record<string, string> }[];
let nextId: number;
let followed: ApiFollowedThreads;

beforeEach(() => {
  nextId = 20;
  followed = { threads: [], total_unread: 0, unread_threads: 0 };
  calls = [];
  thread = {
    root_id: ROOT,
    channel: "general",
    root: messageRow(ROOT, "alice", "shall we ship friday?", { reply_count: 2, participants: ["carol", "bob"], last_reply_ts: 1_800_010_000 }),
    replies: [
      messageRow(11, "bob", "yes", { reply_to_id: ROOT, root_id: ROOT, thread_only: 1 }),
      messageRow(12, "carol", "after the tests pass", { reply_to_id: 11, root_id: ROOT, thread_only: 0 }),
    ],
    summary: { reply_count: 2, last_reply_ts: 1_800_010_000, participants: ["carol", "bob"] },
    following: true,
    unread: 0,
  };
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const method = init?.method ?? "GET";
    const form = init?.body instanceof URLSearchParams ? Object.fromEntries(init.body) : {};
    calls.push({ method, path, form });
    if (method === "GET" && path === `/thread/${ROOT}`) return answer(thread);
    if (method === "POST" && path === "/send/general") {
      const id = nextId++;
      const row = messageRow(id, "dave", form.text ?? "", { reply_to_id: Number(form.reply_to_id), root_id: ROOT, thread_only: form.thread_only === "1" ? 1 : 0 });
      thread = { ...thread, replies: [...thread.replies, row], summary: { ...thread.summary, reply_count: thread.summary.reply_count + 1 } };
      return answer("ok", 200, { "X-Message-Id": String(id) });
    }
    if (method === "POST" && path === `/thread/${ROOT}/unfollow`) {
      thread = { ...thread, following: false };
      return answer({ root_id: ROOT, following: false });
    }
    if (method === "POST" && path === `/thread/${ROOT}/follow`) {
      thread = { ...thread, following: true };
      return answer({ root_id: ROOT, following: true });
    }
    if (method === "POST" && path === `/thread/${ROOT}/read`) {
      thread = { ...thread, unread: 0 };
      return answer({ root_id: ROOT, unread: 0 });
    }
    if (path === "/threads") return answer(followed);
    return answer({ error: "not found" }, 404);
  }) as unknown as typeof fetch;
});

const looks: ThreadLooks = { me: "dave", users: new Set(["alice", "bob", "carol", "dave"]), colors: {}, avatars: new Set(), avatarVersion: 0 };

function showPanel(onClose = jest.fn()) {
  render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
      <ThreadPanel rootId={ROOT} looks={looks} onClose={onClose} onError={() => undefined} />
    </SWRConfig>,
  );
  return onClose;
}

describe("the thread panel", () => {
  it("shows the root, then every reply in order with the count", async () => {
    showPanel();
    const panel = await screen.findByRole("complementary", { name: "Thread" });
    await within(panel).findByText("shall we ship friday?");
    expect(within(panel).getByRole("status")).toHaveTextContent("2 replies");
    const replies = within(within(panel).getByRole("list", { name: "Replies" })).getAllByRole("article");
    expect(replies.map((r) => r.getAttribute("aria-label")?.split(" ")[0])).toEqual(["bob", "carol"]);
    expect(replies[0]).toHaveTextContent("yes");
    // A reply that also went to the channel says so; a thread-only one does not.
    expect(replies[1]).toHaveTextContent("also sent to the channel");
    expect(replies[0]).not.toHaveTextContent("also sent to the channel");
  });

  it("sends a reply that stays in the thread unless 'Also send to channel' is ticked, and shows it", async () => {
    showPanel();
    const box = await screen.findByRole("textbox", { name: "Reply in thread" });
    await screen.findByText("shall we ship friday?");
    fireEvent.change(box, { target: { value: "only in the thread" } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await screen.findByText("only in the thread");
    expect(calls.find((c) => c.path === "/send/general")?.form).toEqual({ text: "only in the thread", reply_to_id: String(ROOT), thread_only: "1" });
    expect(box).toHaveValue("");

    fireEvent.change(box, { target: { value: "everyone should see this" } });
    fireEvent.click(screen.getByRole("checkbox", { name: "Also send to channel" }));
    fireEvent.keyDown(box, { key: "Enter" });
    await screen.findByText("everyone should see this");
    expect(calls.filter((c) => c.path === "/send/general").map((c) => c.form.thread_only)).toEqual(["1", "0"]);
    expect(screen.getByRole("status")).toHaveTextContent("4 replies");
    // The box is ticked off again for the next reply.
    expect(screen.getByRole("checkbox", { name: "Also send to channel" })).not.toBeChecked();
  });

  it("sends nothing for an empty reply", async () => {
    showPanel();
    const box = await screen.findByRole("textbox", { name: "Reply in thread" });
    await screen.findByText("shall we ship friday?");
    fireEvent.change(box, { target: { value: "   " } });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("unfollows and follows again from its header", async () => {
    showPanel();
    const button = await screen.findByRole("button", { name: "Following" });
    expect(button).toHaveAttribute("aria-pressed", "true");
    fireEvent.click(button);
    await screen.findByRole("button", { name: "Follow" });
    expect(calls.some((c) => c.method === "POST" && c.path === `/thread/${ROOT}/unfollow`)).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Follow" }));
    await screen.findByRole("button", { name: "Following" });
    expect(calls.some((c) => c.method === "POST" && c.path === `/thread/${ROOT}/follow`)).toBe(true);
  });

  it("marks a thread with unread replies read once it is on screen, and a read one is left alone", async () => {
    thread = { ...thread, unread: 2 };
    showPanel();
    await screen.findByText("shall we ship friday?");
    await waitFor(() => expect(calls.filter((c) => c.path === `/thread/${ROOT}/read`)).toHaveLength(1));
  });

  it("does not mark a thread read that has nothing unread; Escape and the close button close it", async () => {
    const onClose = showPanel();
    await screen.findByText("shall we ship friday?");
    expect(calls.some((c) => c.path.endsWith("/read"))).toBe(false);
    fireEvent.keyDown(screen.getByRole("textbox", { name: "Reply in thread" }), { key: "Escape" });
    fireEvent.click(screen.getByRole("button", { name: "Close thread" }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});

describe("a root row in the channel", () => {
  const ctx = (onOpenThread: (id: number) => void): MessageContext => messageContext({ users: looks.users, me: "dave", onOpenThread });
  const show = (message: ReturnType<typeof messageRow>, onOpen: (id: number) => void) =>
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageItem message={message} compact={false} ctx={ctx(onOpen)} />
      </SWRConfig>,
    );

  it("shows the reply count, the latest repliers and the last reply's time; clicking it opens the thread", () => {
    const onOpen = jest.fn();
    show(messageRow(ROOT, "alice", "root", { reply_count: 3, participants: ["carol", "bob"], last_reply_ts: Date.now() / 1000 }), onOpen);
    const line = screen.getByRole("button", { name: "3 replies: open the thread" });
    expect(line).toHaveTextContent(/last reply/);
    fireEvent.click(line);
    expect(onOpen).toHaveBeenCalledWith(ROOT);
  });

  it("shows no line for a message without replies; Reply in thread opens its thread (a reply's opens its root's)", () => {
    const onOpen = jest.fn();
    show(messageRow(30, "alice", "lonely"), onOpen);
    expect(screen.queryByRole("button", { name: /open the thread/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Reply in thread" }));
    expect(onOpen).toHaveBeenLastCalledWith(30);
    show(messageRow(31, "bob", "a reply", { reply_to_id: 30, root_id: 30 }), onOpen);
    fireEvent.click(screen.getAllByRole("button", { name: "Reply in thread" })[1]!);
    expect(onOpen).toHaveBeenLastCalledWith(30);
    // Reply still quotes the message in the channel's composer.
    expect(onOpen).toHaveBeenCalledTimes(2);
  });
});

describe("the Threads view", () => {
  const entry = (rootId: number, channel: string, content: string, unread: number, replies: number) => ({
    root_id: rootId,
    channel,
    root: messageRow(rootId, "alice", content, { channel }),
    summary: { reply_count: replies, last_reply_ts: 1_800_000_000, participants: ["bob"] },
    unread,
    last_activity: 1_800_000_000,
  });

  it("badges the Threads button with the unread replies of followed threads, and none when all is read", async () => {
    followed = { threads: [entry(1, "general", "a", 2, 3), entry(2, "software", "b", 1, 1)], total_unread: 3, unread_threads: 2 };
    const onOpen = jest.fn();
    const { unmount } = render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <ThreadsButton onOpen={onOpen} />
      </SWRConfig>,
    );
    fireEvent.click(await screen.findByRole("button", { name: "Threads (3 unread)" }));
    expect(onOpen).toHaveBeenCalled();
    unmount();
    followed = { threads: [entry(1, "general", "a", 0, 3)], total_unread: 0, unread_threads: 0 };
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <ThreadsButton onOpen={onOpen} />
      </SWRConfig>,
    );
    await waitFor(() => expect(calls.filter((c) => c.path === "/threads")).toHaveLength(2));
    expect(screen.getByRole("button", { name: "Threads" })).not.toHaveTextContent(/[0-9]/);
  });

  it("lists followed threads in the server's order with channel, root, count and unread; picking one hands it over", async () => {
    followed = { threads: [entry(7, "software", "newest activity", 2, 5), entry(3, "general", "older", 0, 1)], total_unread: 2, unread_threads: 1 };
    const onPick = jest.fn();
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <FollowedThreadsPanel looks={looks} channelName={(id) => `# ${id}`} onPick={onPick} onClose={() => undefined} />
      </SWRConfig>,
    );
    const list = await screen.findByRole("list", { name: "Followed threads" });
    await within(list).findByText(/newest activity/);
    const items = within(list).getAllByRole("button");
    expect(items[0]).toHaveTextContent("# software");
    expect(items[0]).toHaveTextContent("5 replies");
    expect(within(items[0]!).getByLabelText("2 unread")).toBeInTheDocument();
    expect(items[1]).toHaveTextContent("older");
    expect(within(items[1]!).queryByLabelText(/unread/)).toBeNull();
    fireEvent.click(items[1]!);
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ root_id: 3, channel: "general" }));
  });

  it("says so when nothing is followed", async () => {
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <FollowedThreadsPanel looks={looks} channelName={(id) => id} onPick={() => undefined} onClose={() => undefined} />
      </SWRConfig>,
    );
    await screen.findByText(/No followed threads yet/);
  });
});

describe("in French", () => {
  // Local times, so the expectations hold in any time zone the tests run in.
  const at = (...parts: [number, number, number, number, number]) => new Date(...parts).getTime() / 1000;
  const ctx = messageContext({ users: looks.users, me: "dave", onOpenThread: () => undefined, onAction: () => undefined });

  it("names a root row, its actions and its thread line in French, with French times and numbers", () => {
    const root = messageRow(ROOT, "alice", "on livre vendredi ?", { ts: at(2026, 11, 4, 15, 5), reply_count: 1200, participants: ["bob"], last_reply_ts: at(2025, 2, 3, 9, 0) });
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageItem message={root} compact={false} ctx={ctx} />
      </SWRConfig>,
      { locale: "fr" },
    );
    expect(screen.getByRole("article", { name: "alice à 15:05" })).toBeInTheDocument();
    // French groups thousands with a narrow no-break space, and puts a no-break space before a colon.
    const line = screen.getByRole("button", { name: "1\u202f200 réponses\u00a0: ouvrir le fil de discussion" });
    expect(line).toHaveTextContent("dernière réponse 3 mars");
    for (const name of ["Répondre", "Répondre dans le fil", "Ajouter une réaction", "Plus d’actions"]) {
      expect(screen.getByRole("button", { name })).toHaveAttribute("title", name);
    }
    expect(screen.queryByText(/reply|replies/)).toBeNull();
  });

  it("shows the thread panel in French", async () => {
    render(
      <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
        <ThreadPanel rootId={ROOT} looks={looks} onClose={() => undefined} onError={() => undefined} />
      </SWRConfig>,
      { locale: "fr" },
    );
    const panel = await screen.findByRole("complementary", { name: "Fil de discussion" });
    await within(panel).findByText("shall we ship friday?");
    expect(within(panel).getByRole("status")).toHaveTextContent("2 réponses");
    expect(within(panel).getByText("également envoyé dans le canal")).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Suivi" })).toHaveAttribute("aria-pressed", "true");
    expect(within(panel).getByRole("checkbox", { name: "Envoyer aussi dans le canal" })).not.toBeChecked();
    expect(within(panel).getByRole("textbox", { name: "Répondre dans le fil" })).toHaveAttribute("placeholder", "Répondre…");
    expect(within(panel).getByRole("button", { name: "Fermer le fil de discussion" })).toBeInTheDocument();
  });
});
