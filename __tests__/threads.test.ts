// Threads (issue 16): GET /thread/<id>, follow/unfollow/read, GET /threads, root summaries on /messages,
// thread-only replies, following rules, unread counts, deletes, authorization and bad input.
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as followRoute } from "@/app/(chat)/thread/[id]/follow/route";
import { POST as readRoute } from "@/app/(chat)/thread/[id]/read/route";
import { GET as threadRoute } from "@/app/(chat)/thread/[id]/route";
import { POST as unfollowRoute } from "@/app/(chat)/thread/[id]/unfollow/route";
import { GET as threadsRoute } from "@/app/(chat)/threads/route";
import type { ApiFollowedThreads, ApiThread } from "@/lib/chat/wire";
import { db } from "@/lib/db/client";
import { subscribe, type ChangeEvent } from "@/lib/events";
import { messageStore } from "@/lib/messages";
import { settlePendingRows } from "@/lib/messaging/threads";
import { del, edit, expectText, messages, rowOf, send, sendOk } from "./helpers/chat";
import { call, newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";

let alice: string;
let bob: string;
let carol: string;
let dave: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
  dave = await newUser("dave");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(() => messageStore().settled());

const getThread = (cookie: string | undefined, id: string | number) => call(threadRoute, `/thread/${id}`, { cookie }, { id: String(id) });
const post = (route: typeof followRoute, verb: string, cookie: string | undefined, id: string | number) =>
  call(route, `/thread/${id}/${verb}`, { cookie, method: "POST" }, { id: String(id) });
const follow = (cookie: string | undefined, id: string | number) => post(followRoute, "follow", cookie, id);
const unfollow = (cookie: string | undefined, id: string | number) => post(unfollowRoute, "unfollow", cookie, id);
const readThread = (cookie: string | undefined, id: string | number) => post(readRoute, "read", cookie, id);

async function thread(cookie: string, id: number): Promise<ApiThread> {
  const res = await getThread(cookie, id);
  expect(res.status).toBe(200);
  return (await res.json()) as ApiThread;
}

async function followed(cookie: string): Promise<ApiFollowedThreads> {
  const res = await call(threadsRoute, "/threads", { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as ApiFollowedThreads;
}

const reply = (cookie: string, channel: string, parent: number, text: string, extra: Record<string, string> = {}) =>
  sendOk(cookie, channel, text, { reply_to_id: String(parent), ...extra });

describe("a thread", () => {
  it("holds the root and every reply in order, a reply to a reply joining the root's thread, with reply_to_id kept", async () => {
    const root = await sendOk(alice, "general", "shall we ship friday?");
    const r1 = await reply(bob, "general", root, "yes");
    const r2 = await reply(carol, "general", r1, "only after the tests pass");
    for (const id of [root, r1, r2]) {
      const t = await thread(dave, id);
      expect(t.root_id).toBe(root);
      expect(t.channel).toBe("general");
      expect(t.root.content).toBe("shall we ship friday?");
      expect(t.replies.map((r) => [r.id, r.content, r.reply_to_id, r.root_id])).toEqual([
        [r1, "yes", root, root],
        [r2, "only after the tests pass", r1, root],
      ]);
      expect(t.summary).toEqual({ reply_count: 2, last_reply_ts: t.replies[1]!.ts, participants: ["carol", "bob"] });
    }
  });

  it("shows its summary on the root row of /messages, and replies there carry their root", async () => {
    const root = await sendOk(alice, "general", "summary root");
    const before = await rowOf(alice, "general", root);
    expect(before).toMatchObject({ reply_count: 0, last_reply_ts: null, participants: [], root_id: null, thread_only: 0 });
    const r1 = await reply(bob, "general", root, "first");
    await reply(carol, "general", root, "second");
    await reply(bob, "general", r1, "third");
    const rows = await messages(dave, "general");
    const rootRow = rows.find((r) => r.id === root)!;
    expect(rootRow.reply_count).toBe(3);
    expect(rootRow.participants).toEqual(["bob", "carol"]);
    expect(rootRow.last_reply_ts).toBe(rows[rows.length - 1]!.ts);
    expect(rows.find((r) => r.id === r1)).toMatchObject({ root_id: root, reply_to_id: root, thread_only: 0, reply_count: 0 });
  });

  it("brings a changed root back to a client polling with ?after=, with the new count", async () => {
    const root = await sendOk(alice, "general", "poll me");
    const seen = (await messages(dave, "general")).find((r) => r.id === root)!;
    await reply(bob, "general", root, "a reply");
    const polled = await messages(dave, "general", String(seen.updated_ts));
    expect(polled.find((r) => r.id === root)?.reply_count).toBe(1);
  });

  it("counts a send with attachments once and drops a deleted reply from the count", async () => {
    const root = await sendOk(alice, "general", "delete test");
    const r1 = await reply(bob, "general", root, "going away");
    const r2 = await reply(carol, "general", root, "staying");
    expect((await thread(alice, root)).summary.reply_count).toBe(2);
    expect((await del(bob, r1)).status).toBe(200);
    const after = await thread(alice, root);
    expect(after.summary).toMatchObject({ reply_count: 1, participants: ["carol"] });
    expect(after.replies.find((r) => r.id === r1)).toMatchObject({ deleted: 1, content: "" });
    expect((await rowOf(alice, "general", root))?.reply_count).toBe(1);
    expect(after.replies.find((r) => r.id === r2)?.content).toBe("staying");
  });

  it("answers a message without replies as a thread of its own with nothing in it", async () => {
    const lone = await sendOk(alice, "general", "nobody answers");
    const t = await thread(bob, lone);
    expect(t).toMatchObject({ root_id: lone, replies: [], summary: { reply_count: 0, last_reply_ts: null, participants: [] }, following: false });
  });
});

describe("thread-only replies", () => {
  it("stay in /messages for older clients, flagged, and in the thread; a reply also sent to the channel is not flagged", async () => {
    const root = await sendOk(alice, "general", "flag test");
    const quiet = await reply(bob, "general", root, "thread only", { thread_only: "1" });
    const loud = await reply(carol, "general", root, "also in channel", { thread_only: "0" });
    const rows = await messages(dave, "general");
    expect(rows.find((r) => r.id === quiet)).toMatchObject({ thread_only: 1, root_id: root, content: "thread only" });
    expect(rows.find((r) => r.id === loud)).toMatchObject({ thread_only: 0, root_id: root });
    const t = await thread(dave, root);
    expect(t.replies.map((r) => [r.id, r.thread_only])).toEqual([
      [quiet, 1],
      [loud, 0],
    ]);
    expect(t.summary.reply_count).toBe(2);
  });

  it("refuses thread_only without reply_to_id, and a value that is not 1 or 0, writing nothing", async () => {
    const before = (await messages(alice, "general")).length;
    await expectText(await send(alice, "general", { text: "no parent", thread_only: "1" }), 400, "thread_only needs a reply_to_id");
    const root = await sendOk(alice, "general", "bad flag root");
    await expectText(await send(alice, "general", { text: "x", reply_to_id: String(root), thread_only: "maybe" }), 400, "thread_only must be 1 or 0");
    await expectText(await send(alice, "general", { text: "x", reply_to_id: String(root), thread_only: "constructor" }), 400, "thread_only must be 1 or 0");
    expect((await messages(alice, "general")).length).toBe(before + 1);
    expect((await thread(alice, root)).summary.reply_count).toBe(0);
  });
});

describe("following", () => {
  it("follows the root's author, every replier and everyone mentioned; not the rest of the channel", async () => {
    const root = await sendOk(alice, "general", "who follows?");
    await reply(bob, "general", root, "me, and @carol should see this");
    const listed = async (cookie: string) => (await followed(cookie)).threads.map((t) => t.root_id);
    expect(await listed(alice)).toContain(root);
    expect(await listed(bob)).toContain(root);
    expect(await listed(carol)).toContain(root);
    expect(await listed(dave)).not.toContain(root);
    expect((await thread(carol, root)).following).toBe(true);
    expect((await thread(dave, root)).following).toBe(false);
  });

  it("counts unread replies of others since the last read, totals them for the badge, and a read clears them", async () => {
    const root = await sendOk(alice, "general", "unread counting");
    await reply(bob, "general", root, "one");
    await reply(bob, "general", root, "two");
    await reply(alice, "general", root, "mine does not count for me");
    const entry = (await followed(alice)).threads.find((t) => t.root_id === root)!;
    // alice's own reply marked the thread read up to it.
    expect(entry.unread).toBe(0);
    await reply(carol, "general", root, "three");
    await reply(bob, "general", root, "four");
    const list = await followed(alice);
    expect(list.threads.find((t) => t.root_id === root)?.unread).toBe(2);
    expect(list.total_unread).toBe(list.threads.reduce((n, t) => n + t.unread, 0));
    expect(list.unread_threads).toBeGreaterThanOrEqual(1);
    expect((await thread(alice, root)).unread).toBe(2);
    const read = await readThread(alice, root);
    expect({ status: read.status, body: await read.json() }).toEqual({ status: 200, body: { root_id: root, unread: 0 } });
    expect((await followed(alice)).threads.find((t) => t.root_id === root)?.unread).toBe(0);
    // Reading again, following again: the same answers, and nothing is written.
    const row = await db().threadFollow.findUnique({ where: { rootId_username: { rootId: root, username: "alice" } } });
    expect((await readThread(alice, root)).status).toBe(200);
    const again = await follow(alice, root);
    expect(await again.json()).toEqual({ root_id: root, following: true });
    expect(await db().threadFollow.findUnique({ where: { rootId_username: { rootId: root, username: "alice" } } })).toEqual(row);
  });

  it("lists followed threads newest activity first, with root and summary", async () => {
    const older = await sendOk(alice, "general", "older thread");
    const newer = await sendOk(alice, "general", "newer thread");
    await reply(bob, "general", newer, "newer first");
    await reply(bob, "general", older, "now older is the newest");
    const list = (await followed(alice)).threads;
    const order = list.map((t) => t.root_id);
    expect(order.indexOf(older)).toBeLessThan(order.indexOf(newer));
    const entry = list.find((t) => t.root_id === older)!;
    expect(entry.root.content).toBe("older thread");
    expect(entry.summary).toMatchObject({ reply_count: 1, participants: ["bob"] });
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.last_activity).toBeGreaterThanOrEqual(list[i]!.last_activity);
  });

  it("follows and unfollows by hand (a reply's id names its thread); an unfollowed author is not followed back in", async () => {
    const root = await sendOk(alice, "general", "manual follow");
    const r1 = await reply(bob, "general", root, "reply");
    const res = await follow(dave, r1);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { root_id: root, following: true } });
    expect((await followed(dave)).threads.find((t) => t.root_id === root)?.unread).toBe(0); // following starts read
    await reply(bob, "general", root, "dave sees this as unread");
    expect((await followed(dave)).threads.find((t) => t.root_id === root)?.unread).toBe(1);
    const off = await unfollow(alice, root);
    expect({ status: off.status, body: await off.json() }).toEqual({ status: 200, body: { root_id: root, following: false } });
    await reply(carol, "general", root, "alice stays out");
    expect((await followed(alice)).threads.map((t) => t.root_id)).not.toContain(root);
    await reply(bob, "general", root, "but a mention of @alice brings her back");
    expect((await followed(alice)).threads.map((t) => t.root_id)).toContain(root);
  });

  it("follows in whoever an edit of a thread's message newly mentions", async () => {
    const root = await sendOk(alice, "general", "edit mentions");
    const r1 = await reply(bob, "general", root, "no mention yet");
    expect((await followed(dave)).threads.map((t) => t.root_id)).not.toContain(root);
    expect((await edit(bob, r1, "now with @dave")).status).toBe(200);
    expect((await followed(dave)).threads.map((t) => t.root_id)).toContain(root);
  });

  it("tells followers, and only them, on the bus when the thread gets a reply", async () => {
    const root = await sendOk(alice, "general", "live notice");
    const heard: Record<string, ChangeEvent[]> = { alice: [], dave: [] };
    const stops = ["alice", "dave"].map((u) => subscribe(u, (event) => heard[u]!.push(event)));
    try {
      await reply(bob, "general", root, "ping");
      expect(heard.alice).toContainEqual({ kind: "threads", channel: "general" });
      expect(heard.dave!.filter((e) => e.kind === "threads")).toEqual([]);
    } finally {
      for (const stop of stops) stop();
    }
  });
});

describe("authorization and bad input", () => {
  it("refuses a private channel's thread to a non-member (403) and an unknown id (404); a DM's to an outsider", async () => {
    const created = await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "secret-threads", members: ["bob"] } });
    expect(created.status).toBe(200);
    const { channel } = (await created.json()) as { channel: string };
    const root = await sendOk(alice, channel, "private root");
    const r1 = await reply(bob, channel, root, "private reply");
    expect((await thread(bob, r1)).replies.map((r) => r.content)).toEqual(["private reply"]);
    for (const id of [root, r1]) {
      for (const res of [await getThread(carol, id), await follow(carol, id), await unfollow(carol, id), await readThread(carol, id)]) {
        expect({ status: res.status, body: await res.json() }).toEqual({ status: 403, body: { error: "forbidden" } });
      }
    }
    expect(await db().threadFollow.count({ where: { username: "carol", rootId: root } })).toBe(0);
    const dm = await sendOk(alice, "dm:alice:bob", "dm root");
    await reply(bob, "dm:alice:bob", dm, "dm reply");
    expect((await getThread(carol, dm)).status).toBe(403);
    expect((await thread(bob, dm)).replies.length).toBe(1);
    const unknown = await getThread(alice, 987654321);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "not found" });
  });

  it("keeps a private channel's threads out of /threads for someone who is not in it", async () => {
    const created = await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "hidden-threads", members: ["bob"] } });
    const { channel } = (await created.json()) as { channel: string };
    const root = await sendOk(alice, channel, "hidden root");
    await reply(bob, channel, root, "mentioning @carol, who is not a member");
    expect((await followed(carol)).threads.map((t) => t.root_id)).not.toContain(root);
  });

  it("answers 401 without a session and 400 for an id that is not a message id, following nothing", async () => {
    expect((await getThread(undefined, 1)).status).toBe(401);
    expect((await call(threadsRoute, "/threads", {})).status).toBe(401);
    expect((await follow(undefined, 1)).status).toBe(401);
    const follows = await db().threadFollow.count();
    for (const bad of ["abc", "-1", "0", "1.5", "9".repeat(20)]) {
      for (const res of [await getThread(alice, bad), await follow(alice, bad), await unfollow(alice, bad), await readThread(alice, bad)]) {
        expect({ status: res.status, body: await res.json() }).toEqual({ status: 400, body: { error: "invalid message id" } });
      }
    }
    expect(await db().threadFollow.count()).toBe(follows);
  });
});

describe("crash safety", () => {
  it("keeps an acknowledged reply in its thread even if its pending mark was never cleared, and drops one that never became a message", async () => {
    const root = await sendOk(alice, "general", "crash root");
    const r1 = await reply(bob, "general", root, "acknowledged");
    // What a crash between the submit and the confirmation leaves: the row still pending.
    await db().threadMessage.update({ where: { messageId: r1 }, data: { pending: true, ts: 1 } });
    // And a reply whose submit never happened.
    await db().threadMessage.create({
      data: { messageId: 900_000_001, rootId: root, unitId: 900_000_001, channel: "general", sender: "carol", ts: 1, pending: true },
    });
    await messageStore().settled(); // this process's own copies are written: the journal owes nothing
    await settlePendingRows();
    const t = await thread(alice, root);
    expect(t.replies.map((r) => r.id)).toEqual([r1]);
    expect(t.summary.reply_count).toBe(1);
    expect(await db().threadMessage.findUnique({ where: { messageId: 900_000_001 } })).toBeNull();
    expect((await db().threadMessage.findUnique({ where: { messageId: r1 } }))?.pending).toBe(false);
  });
  it("keeps a pending reply whose channel still owes copies in the fan-out journal, and settles it once the journal is done", async () => {
    const root = await sendOk(alice, "general", "journal root");
    await messageStore().settled();
    // A reply acknowledged (journaled) whose sender's copy is not written yet when a restarted process settles.
    await db().threadMessage.create({
      data: { messageId: 900_000_002, rootId: root, unitId: 900_000_002, channel: "general", sender: "bob", ts: 1, pending: true },
    });
    const entry = await db().fanoutJournal.create({
      data: { kind: "public", channel: "general", messageId: 900_000_002, payload: JSON.stringify({ audience: { kind: "public", channel: "general" }, ops: [], readBy: [] }), recipients: "public", createdAt: 1 },
    });
    try {
      expect(await settlePendingRows()).toBe(false);
      expect((await db().threadMessage.findUnique({ where: { messageId: 900_000_002 } }))?.pending).toBe(true);
    } finally {
      await db().fanoutJournal.delete({ where: { id: entry.id } });
    }
    // The journal is done and the message never reached a copy: it was never a message, and goes.
    expect(await settlePendingRows()).toBe(true);
    expect(await db().threadMessage.findUnique({ where: { messageId: 900_000_002 } })).toBeNull();
  });
});

describe("account deletion", () => {
  it("drops the account's follows and keeps its replies under Deleted User (soft)", async () => {
    const erin = await newUser("erin");
    const root = await sendOk(alice, "general", "erin replies");
    await reply(erin, "general", root, "erin was here");
    expect(await db().threadFollow.count({ where: { username: "erin" } })).toBeGreaterThan(0);
    const { removeAccount } = await import("@/lib/auth/accounts");
    await removeAccount("erin", "soft");
    await messageStore().settled();
    expect(await db().threadFollow.count({ where: { username: "erin" } })).toBe(0);
    const t = await thread(alice, root);
    expect(t.summary).toMatchObject({ reply_count: 1, participants: ["Deleted User"] });
  });
});
