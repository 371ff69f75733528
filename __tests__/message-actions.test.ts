// Message actions (issue 16): pins, saves, mark as unread, edit history and permalink resolution, through
// the real route handlers: what each answers, who may use it (public, private and DM channels), bad input,
// and the change notices other clients refresh on.
import { GET as mentionsRoute } from "@/app/(chat)/channel_mentions/route";
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { POST as markUnreadRoute } from "@/app/(chat)/mark_unread/[id]/route";
import { GET as historyRoute } from "@/app/(chat)/message/[id]/history/route";
import { POST as pinRoute } from "@/app/(chat)/pin/[id]/route";
import { GET as pinsRoute } from "@/app/(chat)/pins/[channel]/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as saveRoute } from "@/app/(chat)/save/[id]/route";
import { GET as savedRoute } from "@/app/(chat)/saved/route";
import { POST as unpinRoute } from "@/app/(chat)/unpin/[id]/route";
import { GET as unreadCountRoute } from "@/app/(chat)/unread_count/route";
import { POST as unsaveRoute } from "@/app/(chat)/unsave/[id]/route";
import { DELETED_USER, removeAccount } from "@/lib/auth/accounts";
import { permalinkTarget } from "@/lib/chat/actions";
import { db } from "@/lib/db/client";
import { subscribe, type ChangeEvent } from "@/lib/events";
import { messageStore } from "@/lib/messages";
import { call, newUser } from "./helpers/http";
import { channelUnreads, del, edit, expectJson, getMessage, markRead, messages, sendOk } from "./helpers/chat";
import { useSettings } from "./helpers/settings";

type Handler = Parameters<typeof call>[0];
type Json = Record<string, unknown>;

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(async () => {
  await messageStore().settled();
});

const enc = encodeURIComponent;
const onId = (handler: Handler, path: string) => (cookie: string | undefined, id: number | string) =>
  call(handler, `/${path}/${id}`, { cookie, method: "POST" }, { id: String(id) });
const pin = onId(pinRoute, "pin");
const unpin = onId(unpinRoute, "unpin");
const save = onId(saveRoute, "save");
const unsave = onId(unsaveRoute, "unsave");
const markUnread = onId(markUnreadRoute, "mark_unread");
const history = (cookie: string | undefined, id: number | string) => call(historyRoute, `/message/${id}/history`, { cookie }, { id: String(id) });
const pinsOf = (cookie: string | undefined, channel: string) => call(pinsRoute, `/pins/${enc(channel)}`, { cookie }, { channel });
const saved = (cookie: string | undefined) => call(savedRoute, "/saved", { cookie });

async function ok<T = Json>(res: Response | Promise<Response>): Promise<T> {
  const answer = await res;
  const text = await answer.text();
  expect({ status: answer.status, body: text.slice(0, 300) }).toEqual({ status: 200, body: expect.any(String) });
  return JSON.parse(text) as T;
}

const pinnedIds = async (cookie: string, channel: string) => (await ok<Json[]>(pinsOf(cookie, channel))).map((r) => r.id);
const savedIds = async (cookie: string) => (await ok<Json[]>(saved(cookie))).map((r) => r.id);

/** The change notices the streams of the account named `user` receive while `work` runs. */
async function noticesDuring(user: string, work: () => Promise<unknown>): Promise<ChangeEvent[]> {
  const seen: ChangeEvent[] = [];
  const stop = subscribe(user, (event) => seen.push(event));
  try {
    await work();
  } finally {
    stop();
  }
  return seen;
}

async function privateChannel(owner: string, name: string, members: string[]): Promise<{ id: number; channel: string }> {
  return ok(call(createPrivateRoute, "/private_channels/create", { cookie: owner, json: { name, members } }));
}
const leave = (cookie: string, id: number) => call(leaveRoute, `/private_channels/${id}/leave`, { cookie, method: "POST" }, { id: String(id) });

describe("pins", () => {
  it("lets anyone who can post pin and unpin, listing rows as /messages shows them, newest pin first, with who and when", async () => {
    const first = await sendOk(alice, "general", "the agenda");
    const second = await sendOk(alice, "general", "the minutes");
    const notices = await noticesDuring("carol", async () => {
      const pinned = await ok(pin(bob, first));
      expect(pinned).toEqual({ id: first, channel: "general", pinned: true, pinned_by: "bob", pinned_at: expect.any(Number) });
    });
    expect(notices).toContainEqual({ kind: "pins", channel: "general" });
    await ok(pin(carol, second));
    // Pinning again is fine and keeps the first pin's author and time.
    const again = await ok(pin(alice, first));
    expect(again.pinned_by).toBe("bob");

    const rows = await ok<Json[]>(pinsOf(alice, "general"));
    expect(rows.map((r) => [r.id, r.pinned_by])).toEqual([
      [second, "carol"],
      [first, "bob"],
    ]);
    const asMessages = (await messages(alice, "general")).find((r) => r.id === first)!;
    const { pinned_by, pinned_at, ...row } = rows[1]!;
    expect(row).toEqual({ ...asMessages });
    expect([pinned_by, typeof pinned_at]).toEqual(["bob", "number"]);

    expect(await ok(unpin(carol, first))).toEqual({ id: first, channel: "general", pinned: false, pinned_by: null, pinned_at: null });
    expect(await pinnedIds(bob, "general")).toEqual([second]);
    // Unpinning what is not pinned is fine.
    await ok(unpin(carol, first));
    await ok(unpin(bob, second));
    expect(await pinnedIds(bob, "general")).toEqual([]);
  });

  it("drops a deleted message from the list, and a deleted message cannot be pinned", async () => {
    const id = await sendOk(alice, "general", "pin me, then I go");
    await ok(pin(bob, id));
    const notices = await noticesDuring("bob", async () => expect((await del(alice, id)).status).toBe(200));
    expect(notices).toContainEqual({ kind: "pins", channel: "general" });
    expect(await pinnedIds(bob, "general")).not.toContain(id);
    expect(await db().pinnedMessage.count({ where: { messageId: id } })).toBe(0);
    await expectJson(await pin(bob, id), 404, { error: "message not found" });
  });

  it("keeps private channels and DMs to their members", async () => {
    const room = await privateChannel(alice, "pins-room", ["bob"]);
    const secret = await sendOk(alice, room.channel, "private plans");
    // carol was never given the message: it does not exist for her; the channel is refused.
    await expectJson(await pin(carol, secret), 404, { error: "message not found" });
    await expectJson(await pinsOf(carol, room.channel), 403, { error: "forbidden" });
    await ok(pin(bob, secret));
    expect(await pinnedIds(alice, room.channel)).toEqual([secret]);

    const dm = "dm:alice:bob";
    const whisper = await sendOk(bob, dm, "between us");
    await expectJson(await pin(carol, whisper), 404, { error: "message not found" });
    await expectJson(await pinsOf(carol, dm), 403, { error: "forbidden" });
    await ok(pin(alice, whisper));
    expect(await pinnedIds(bob, dm)).toEqual([whisper]);

    // Once bob has left, the channel is no longer his: refused, and nothing changes.
    expect((await leave(bob, room.id)).status).toBe(200);
    await expectJson(await unpin(bob, secret), 403, { error: "forbidden" });
    await expectJson(await pinsOf(bob, room.channel), 403, { error: "forbidden" });
    expect(await pinnedIds(alice, room.channel)).toEqual([secret]);
  });

  it("answers bad ids 400, unknown ids 404 and anonymous callers 401, changing nothing", async () => {
    for (const bad of ["abc", "0", "-1", "1.5", "1e3", "9999999999999999"]) {
      await expectJson(await pin(alice, bad), 400, { error: "invalid message id" });
      await expectJson(await save(alice, bad), 400, { error: "invalid message id" });
      await expectJson(await markUnread(alice, bad), 400, { error: "invalid message id" });
      await expectJson(await history(alice, bad), 400, { error: "invalid message id" });
    }
    await expectJson(await pin(alice, 99999999), 404, { error: "message not found" });
    await expectJson(await unpin(alice, 99999999), 404, { error: "message not found" });
    await expectJson(await pinsOf(alice, "no-such-channel"), 403, { error: "forbidden" });
    const id = await sendOk(alice, "general", "anonymous callers may not touch this");
    await expectJson(await pin(undefined, id), 401, { error: "unauthorized" });
    await expectJson(await pinsOf(undefined, "general"), 401, { error: "unauthorized" });
    await expectJson(await saved(undefined), 401, { error: "unauthorized" });
    await expectJson(await markUnread(undefined, id), 401, { error: "unauthorized" });
    await expectJson(await history(undefined, id), 401, { error: "unauthorized" });
    expect(await db().pinnedMessage.count({ where: { messageId: id } })).toBe(0);
  });
});

describe("saves", () => {
  it("keeps a per-user list, newest save first, of messages the user can still see", async () => {
    const room = await privateChannel(alice, "saves-room", ["bob"]);
    const general = await sendOk(alice, "general", "read this later");
    const inRoom = await sendOk(alice, room.channel, "and this");
    const gone = await sendOk(alice, "general", "this one will be deleted");
    const notices = await noticesDuring("bob", async () => {
      expect(await ok(save(bob, general))).toEqual({ id: general, saved: true, saved_at: expect.any(Number) });
    });
    expect(notices).toContainEqual({ kind: "saved", channel: "general" });
    await ok(save(bob, inRoom));
    await ok(save(bob, gone));
    await ok(save(bob, general)); // twice is fine
    expect(await savedIds(bob)).toEqual([gone, inRoom, general]);
    // Saves are bob's alone.
    expect(await savedIds(alice)).toEqual([]);
    const rows = await ok<Json[]>(saved(bob));
    expect(rows[2]).toEqual({ ...(await messages(bob, "general")).find((r) => r.id === general), saved_at: expect.any(Number) });

    // A deleted message and a channel bob left are no longer listed.
    expect((await del(alice, gone)).status).toBe(200);
    expect((await leave(bob, room.id)).status).toBe(200);
    expect(await savedIds(bob)).toEqual([general]);
    // He may still take the save of the channel he left off his list; a message he never had is not found.
    await ok(unsave(bob, inRoom));
    expect(await db().savedMessage.count({ where: { username: "bob", messageId: inRoom } })).toBe(0);
    await expectJson(await save(carol, inRoom), 404, { error: "message not found" });
    await expectJson(await unsave(carol, inRoom), 404, { error: "message not found" });

    await ok(unsave(bob, general));
    await ok(unsave(bob, general));
    expect(await savedIds(bob)).toEqual([]);
  });
});

describe("mark as unread", () => {
  const unreadCount = async (cookie: string) => ok<{ count: number }>(call(unreadCountRoute, "/unread_count", { cookie }));
  const mentions = async (cookie: string) => ok<Record<string, number>>(call(mentionsRoute, "/channel_mentions", { cookie }));
  const dms = async (cookie: string) => ok<{ channel: string; unread: number }[]>(call(dmsRoute, "/dms", { cookie }));

  it("moves the channel's unreads and mentions back to the message, for the caller only", async () => {
    await markRead(bob, "off-topic");
    await sendOk(alice, "off-topic", "before");
    const from = await sendOk(alice, "off-topic", "from here, @bob");
    await sendOk(bob, "off-topic", "bob's own reply");
    await sendOk(alice, "off-topic", "after");
    await markRead(bob, "off-topic");
    await markRead(alice, "off-topic");
    expect((await channelUnreads(bob))["off-topic"]).toBe(0);
    expect((await mentions(bob))["off-topic"]).toBe(0);

    const notices = await noticesDuring("bob", async () => {
      expect(await ok(markUnread(bob, from))).toEqual({ id: from, channel: "off-topic", unread: 2 });
    });
    expect(notices).toContainEqual({ kind: "messages", channel: "off-topic" });
    expect((await channelUnreads(bob))["off-topic"]).toBe(2);
    expect((await mentions(bob))["off-topic"]).toBe(1);
    expect((await channelUnreads(alice))["off-topic"]).toBe(0);
    // Opening the channel reads it again.
    await markRead(bob, "off-topic");
    expect((await channelUnreads(bob))["off-topic"]).toBe(0);
  });

  it("moves the DM unread count and the DM list back too", async () => {
    const dm = "dm:bob:carol";
    const one = await sendOk(carol, dm, "one");
    await sendOk(carol, dm, "two");
    await markRead(bob, dm);
    expect((await unreadCount(bob)).count).toBe(0);
    const notices = await noticesDuring("bob", async () => expect((await ok(markUnread(bob, one))).unread).toBe(2));
    expect(notices).toContainEqual({ kind: "dms", channel: dm });
    expect((await unreadCount(bob)).count).toBe(2);
    expect((await dms(bob)).find((d) => d.channel === dm)?.unread).toBe(2);
    expect((await unreadCount(carol)).count).toBe(0);
    // alice was never in this DM.
    await expectJson(await markUnread(alice, one), 404, { error: "message not found" });
  });

  it("refuses a channel the caller has left, changing nothing", async () => {
    const room = await privateChannel(alice, "unread-room", ["bob"]);
    const id = await sendOk(alice, room.channel, "private");
    await markRead(bob, room.channel);
    expect((await leave(bob, room.id)).status).toBe(200);
    await expectJson(await markUnread(bob, id), 403, { error: "forbidden" });
    expect((await messageStore().messageById("bob", id))?.read).toBe(1);
  });
});

describe("edit history", () => {
  it("lists every version with the time it was written, the original first, to everyone who can see the message", async () => {
    const id = await sendOk(alice, "general", "first draft");
    const sent = (await messages(bob, "general")).find((r) => r.id === id)!;
    expect(await ok(history(bob, id))).toEqual({ id, channel: "general", sender: "alice", versions: [{ content: "first draft", ts: sent.ts }] });
    expect((await edit(alice, id, "second draft")).status).toBe(200);
    expect((await edit(alice, id, "second draft")).status).toBe(200); // the same text: no new version
    expect((await edit(alice, id, "final text")).status).toBe(200);
    const edited = (await messages(bob, "general")).find((r) => r.id === id)!;
    const { versions } = await ok<{ versions: { content: string; ts: number }[] }>(history(carol, id));
    expect(versions.map((v) => v.content)).toEqual(["first draft", "second draft", "final text"]);
    expect(versions[0]!.ts).toBe(sent.ts);
    expect(versions[1]!.ts).toBeGreaterThanOrEqual(sent.ts);
    expect(versions[2]!.ts).toBeGreaterThanOrEqual(versions[1]!.ts);
    expect(versions[2]!.ts).toBeLessThanOrEqual(edited.edited_ts!);
    // A refused edit records nothing.
    expect((await edit(bob, id, "not mine")).status).toBe(403);
    expect((await ok<{ versions: unknown[] }>(history(alice, id))).versions).toHaveLength(3);
  });

  it("is kept to those who can see the message, and goes with a deleted message (404)", async () => {
    const room = await privateChannel(alice, "history-room", ["bob"]);
    const id = await sendOk(alice, room.channel, "v1");
    expect((await edit(alice, id, "v2")).status).toBe(200);
    expect((await ok<{ versions: unknown[] }>(history(bob, id))).versions).toHaveLength(2);
    await expectJson(await history(carol, id), 404, { error: "message not found" });
    await expectJson(await history(alice, 99999999), 404, { error: "message not found" });
    expect((await leave(bob, room.id)).status).toBe(200);
    await expectJson(await history(bob, id), 403, { error: "forbidden" });
    expect((await del(alice, id)).status).toBe(200);
    await expectJson(await history(alice, id), 404, { error: "message not found" });
    expect(await db().messageVersion.count({ where: { messageId: id } })).toBe(0);
  });
});

describe("permalinks", () => {
  it("resolves a message id to its channel and time for those who can see it", async () => {
    const room = await privateChannel(alice, "link-room", ["bob"]);
    const id = await sendOk(alice, room.channel, "link to me");
    const row = (await messages(bob, room.channel)).find((r) => r.id === id)!;
    const res = await getMessage(bob, id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, sender: "alice", content: "link to me", filename: null, deleted: 0, channel: room.channel, ts: row.ts });
    expect((await getMessage(carol, id)).status).toBe(404);
  });

  it("turns /m/<id> into the chat page on the message's channel, for readers who can see it only", async () => {
    const room = await privateChannel(alice, "permalink-room", ["bob"]);
    const id = await sendOk(alice, room.channel, "deep link");
    const target = await permalinkTarget("bob", String(id));
    expect(target).toBe(`/?channel=${enc(room.channel)}&message=${id}`);
    const general = await sendOk(alice, "general", "public link");
    expect(await permalinkTarget("carol", String(general))).toBe(`/?channel=general&message=${general}`);
    expect(await permalinkTarget("carol", String(id))).toBeNull();
    expect(await permalinkTarget("bob", "not-an-id")).toBeNull();
    expect(await permalinkTarget("bob", "99999999")).toBeNull();
    expect((await leave(bob, room.id)).status).toBe(200);
    expect(await permalinkTarget("bob", String(id))).toBeNull();
  });
});

describe("account deletion", () => {
  it("drops the account's saves; its pins and its messages' history stay under Deleted User (soft) or go (hard)", async () => {
    const soft = await newUser("softy");
    const hard = await newUser("hardy");
    const kept = await sendOk(alice, "general", "pinned by softy");
    const dropped = await sendOk(alice, "general", "pinned by hardy");
    await ok(pin(soft, kept));
    await ok(pin(hard, dropped));
    await ok(save(soft, kept));
    await ok(save(hard, kept));
    const softText = await sendOk(soft, "general", "softy wrote this");
    expect((await edit(soft, softText, "softy edited this")).status).toBe(200);
    const hardText = await sendOk(hard, "general", "hardy wrote this");
    expect((await edit(hard, hardText, "hardy edited this")).status).toBe(200);

    await removeAccount("softy", "soft");
    await removeAccount("hardy", "hard");
    await messageStore().settled();

    const pins = await ok<Json[]>(pinsOf(alice, "general"));
    expect(pins.find((r) => r.id === kept)?.pinned_by).toBe(DELETED_USER);
    expect(pins.map((r) => r.id)).not.toContain(dropped);
    expect(await db().savedMessage.count({ where: { username: { in: ["softy", "hardy"] } } })).toBe(0);
    const { versions, sender } = await ok<{ sender: string; versions: { content: string }[] }>(history(alice, softText));
    expect([sender, versions.map((v) => v.content)]).toEqual([DELETED_USER, ["softy wrote this", "softy edited this"]]);
    expect(await db().messageVersion.count({ where: { messageId: hardText } })).toBe(0);
    // A newcomer under the freed name finds nothing of the old account.
    const again = await newUser("hardy");
    expect(await savedIds(again)).toEqual([]);
    expect(await db().pinnedMessage.count({ where: { pinnedBy: "hardy" } })).toBe(0);
  });
});
