// Directory and sidebar endpoints, the anonymous matrix over every chat endpoint, and /events.
import { GET as channelUnreadsRoute } from "@/app/(chat)/channel_unreads/route";
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { POST as closeDmRoute } from "@/app/(chat)/dms/close/route";
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { GET as eventsRoute } from "@/app/(chat)/events/route";
import { POST as addMemberRoute } from "@/app/(chat)/private_channels/[id]/add_member/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { GET as membersRoute } from "@/app/(chat)/private_channels/[id]/members/route";
import { POST as renameRoute } from "@/app/(chat)/private_channels/[id]/rename/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as privateListRoute } from "@/app/(chat)/private_channels/route";
import { GET as profileRoute } from "@/app/(chat)/profile/[username]/route";
import { GET as settingsGet, POST as settingsPost } from "@/app/(chat)/settings/route";
import { GET as unreadCountRoute } from "@/app/(chat)/unread_count/route";
import { GET as userColorsRoute } from "@/app/(chat)/user_colors/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { logout } from "@/lib/auth/accounts";
import { call, newUser, type RequestOptions } from "./helpers/http";
import {
  channelUnreads, del, edit, expectJson, expectText, getMessage, getMessages, markRead, messages, react, receipts, searchRaw,
  send, sendOk,
} from "./helpers/chat";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

let alice: string;
let bob: string;
let carol: string;
let zoe: string;
let adam: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
  zoe = await newUser("Zoe");
  adam = await newUser("adam");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(() => messageStore().settled());

const get = async (handler: Parameters<typeof call>[0], path: string, cookie: string, params: Record<string, string> = {}) => {
  const res = await call(handler, path, { cookie }, params);
  expect(res.status).toBe(200);
  return res.json();
};
const members = (cookie: string, channel: string) =>
  call(channelMembersRoute, `/channel_members/${encodeURIComponent(channel)}`, { cookie }, { channel });
const createPrivate = async (cookie: string, name: string, list: string[]) => {
  const res = await call(createRoute, "/private_channels/create", { cookie, json: { name, members: list } });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: number; channel: string; name: string };
};
const dms = (cookie: string) => get(dmsRoute, "/dms", cookie);
const closeDm = (cookie: string, body: { json?: unknown; rawJson?: string }) => call(closeDmRoute, "/dms/close", { cookie, ...body });
const unreadCount = (cookie: string) => get(unreadCountRoute, "/unread_count", cookie);

describe("directory", () => {
  it("GET /channels answers the configured public channels", async () => {
    expect(await get(channelsRoute, "/channels", alice)).toEqual(["general", "software", "off-topic"]);
  });

  it("GET /users answers everyone but the caller, in registration order", async () => {
    expect(await get(usersRoute, "/users", alice)).toEqual(["bob", "carol", "Zoe", "adam"]);
    expect(await get(usersRoute, "/users", zoe)).toEqual(["alice", "bob", "carol", "adam"]);
  });

  it("GET /channel_members answers who has the channel but the caller", async () => {
    expect(await (await members(alice, "general")).json()).toEqual(["bob", "carol", "Zoe", "adam"]);
    expect(await (await members(alice, "dm:ZOE:Alice")).json()).toEqual(["Zoe"]);
    expect(await (await members(alice, "dm:alice:bob:carol")).json()).toEqual(["bob", "carol"]);
    const { channel } = await createPrivate(alice, "members-test", ["bob"]);
    expect(await (await members(alice, channel)).json()).toEqual(["bob"]);
    expect(await (await members(bob, channel)).json()).toEqual(["alice"]);
  });

  it("GET /channel_members answers 403 forbidden for channels the caller cannot see", async () => {
    const { channel } = await createPrivate(alice, "hidden-members", ["bob"]);
    for (const c of [channel, "dm:alice:bob", "private:999", "nochannel", "dm:carol"]) {
      await expectText(await members(carol, c), 403, "forbidden");
    }
  });

  it("GET /user_colors lists only users who chose a colour; GET /profile answers any name as given", async () => {
    expect(await get(userColorsRoute, "/user_colors", alice)).toEqual({});
    await call(settingsPost, "/settings", { cookie: bob, json: { name_color: "#12ab9F", bio: "bob's bio" } });
    expect(await get(userColorsRoute, "/user_colors", alice)).toEqual({ bob: "#12ab9F" });
    expect(await get(profileRoute, "/profile/BOB", alice, { username: "BOB" })).toEqual({ username: "BOB", name_color: "#12ab9F", bio: "bob's bio" });
    expect(await get(profileRoute, "/profile/carol", alice, { username: "carol" })).toEqual({ username: "carol", name_color: null, bio: null });
    expect(await get(profileRoute, "/profile/nobody", alice, { username: "nobody" })).toEqual({ username: "nobody", name_color: null, bio: null });
  });
});

describe("unread counts", () => {
  it("GET /channel_unreads counts others' unread, non-deleted rows in every public channel", async () => {
    for (const c of ["general", "software", "off-topic"]) await markRead(alice, c);
    expect(await channelUnreads(alice)).toEqual({ general: 0, software: 0, "off-topic": 0 });
    await sendOk(bob, "software", "one");
    const two = await sendOk(bob, "software", "two");
    await sendOk(carol, "off-topic", "three");
    await sendOk(alice, "software", "my own");
    await sendOk(bob, "dm:alice:bob", "a dm is not a public channel");
    expect(await channelUnreads(alice)).toEqual({ general: 0, software: 2, "off-topic": 1 });
    await del(bob, two);
    expect(await channelUnreads(alice)).toEqual({ general: 0, software: 1, "off-topic": 1 });
    await markRead(alice, "software");
    expect(await channelUnreads(alice)).toEqual({ general: 0, software: 0, "off-topic": 1 });
  });

  it("GET /unread_count counts unread DM rows from others, deleted ones excluded", async () => {
    for (const dm of ["dm:alice:bob", "dm:alice:carol", "dm:alice:bob:carol"]) await markRead(alice, dm);
    await expect(unreadCount(alice)).resolves.toEqual({ count: 0 });
    await sendOk(bob, "dm:alice:bob", "dm one");
    const gone = await sendOk(bob, "dm:alice:bob", "dm two");
    await sendOk(carol, "dm:alice:bob:carol", "group dm");
    await sendOk(alice, "dm:alice:carol", "my own dm");
    await sendOk(bob, "general", "public does not count");
    await expect(unreadCount(alice)).resolves.toEqual({ count: 3 });
    await del(bob, gone);
    await expect(unreadCount(alice)).resolves.toEqual({ count: 2 });
    await markRead(alice, "dm:Bob:ALICE");
    await expect(unreadCount(alice)).resolves.toEqual({ count: 1 });
  });
});

describe("GET /dms and POST /dms/close", () => {
  it("lists the caller's DMs newest first with the other users and unread counts", async () => {
    expect(await dms(adam)).toEqual([]);
    await sendOk(bob, "dm:bob:adam", "hi adam");
    await sendOk(zoe, "dm:Zoe:adam", "hi from zoe");
    await sendOk(zoe, "dm:adam:zoe", "again");
    expect(await dms(adam)).toEqual([
      { channel: "dm:adam:Zoe", users: ["Zoe"], unread: 2 },
      { channel: "dm:adam:bob", users: ["bob"], unread: 1 },
    ]);
    await markRead(adam, "dm:adam:Zoe");
    expect((await dms(adam))[0]).toEqual({ channel: "dm:adam:Zoe", users: ["Zoe"], unread: 0 });
  });

  it("hides a closed DM (any spelling) until a newer message arrives", async () => {
    await sendOk(carol, "dm:adam:carol", "close me");
    expect((await dms(adam)).map((d: { channel: string }) => d.channel)).toContain("dm:adam:carol");
    await expectText(await closeDm(adam, { json: { channel: "dm:CAROL:adam" } }), 200, "ok");
    expect((await dms(adam)).map((d: { channel: string }) => d.channel)).not.toContain("dm:adam:carol");
    await sendOk(carol, "dm:adam:carol", "I'm back");
    expect(await dms(adam)).toContainEqual({ channel: "dm:adam:carol", users: ["carol"], unread: 2 });
    await closeDm(adam, { json: { channel: "dm:adam:carol" } });
    await sendOk(adam, "dm:adam:carol", "my own reply brings it back too");
    expect(await dms(adam)).toContainEqual({ channel: "dm:adam:carol", users: ["carol"], unread: 2 });
  });

  it("answers 404 user not found for a DM naming someone with no account, and stores nothing", async () => {
    const before = await messageStore().dmSummaries("adam");
    // The clock stands still: had the refused close hidden that (empty) DM as of now, a message sent
    // in the same instant would stay hidden, once someone takes the name.
    const now = Date.now();
    const clock = jest.spyOn(Date, "now").mockReturnValue(now);
    try {
      await expectText(await closeDm(adam, { json: { channel: "dm:adam:nobody-here" } }), 404, "user not found");
      expect(await messageStore().dmSummaries("adam")).toEqual(before);
      const late = await newUser("nobody-here");
      await sendOk(late, "dm:adam:nobody-here", "first words");
      expect(await dms(adam)).toContainEqual({ channel: "dm:adam:nobody-here", users: ["nobody-here"], unread: 1 });
    } finally {
      clock.mockRestore();
    }
  });

  it("answers 400 invalid channel for non-DM ids, 403 for DMs the caller is not in, changing nothing", async () => {
    await sendOk(bob, "dm:adam:bob", "still here");
    const before = await dms(adam);
    for (const json of [{ channel: "general" }, {}, { channel: 5 }, { channel: null }, { channel: "private:1" }]) {
      await expectText(await closeDm(adam, { json }), 400, "invalid channel");
    }
    await expectJson(await closeDm(adam, { rawJson: "{bad" }), 400, { error: "invalid JSON body" });
    await expectText(await closeDm(carol, { json: { channel: "dm:adam:bob" } }), 403, "forbidden");
    await expectText(await closeDm(adam, { json: { channel: "dm:adam" } }), 403, "forbidden");
    expect(await dms(adam)).toEqual(before);
    expect(await dms(bob)).toContainEqual(expect.objectContaining({ channel: "dm:adam:bob" }));
  });
});

describe("GET /private_channels", () => {
  it("lists the caller's private channels with unread counts and members in membership order", async () => {
    const created = await createPrivate(zoe, "zoe's room", ["carol"]);
    const entry = { id: created.id, channel: `private:${created.id}`, name: "zoe's room", unread: 0, members: ["carol", "Zoe"] };
    expect(await get(privateListRoute, "/private_channels", zoe)).toContainEqual(entry);
    await sendOk(carol, created.channel, "in the room");
    await sendOk(carol, created.channel, "again");
    expect(await get(privateListRoute, "/private_channels", zoe)).toContainEqual({ ...entry, unread: 2 });
    expect(await get(privateListRoute, "/private_channels", carol)).toContainEqual(entry);
    const adamList = (await get(privateListRoute, "/private_channels", adam)) as { id: number }[];
    expect(adamList.map((c) => c.id)).not.toContain(created.id);
  });
});

describe("anonymous callers", () => {
  const cases: [string, Parameters<typeof call>[0], RequestOptions?, Record<string, string>?][] = [
    ["/channels", channelsRoute],
    ["/users", usersRoute],
    ["/channel_members/general", channelMembersRoute, {}, { channel: "general" }],
    ["/user_colors", userColorsRoute],
    ["/profile/alice", profileRoute, {}, { username: "alice" }],
    ["/unread_count", unreadCountRoute],
    ["/dms", dmsRoute],
    ["/dms/close", closeDmRoute, { json: { channel: "dm:alice:bob" } }],
    ["/private_channels", privateListRoute],
    ["/private_channels/create", createRoute, { json: { name: "x", members: [] } }],
    ["/private_channels/1/rename", renameRoute, { json: { name: "x" } }, { id: "1" }],
    ["/private_channels/1/add_member", addMemberRoute, { json: { username: "bob" } }, { id: "1" }],
    ["/private_channels/1/leave", leaveRoute, { method: "POST" }, { id: "1" }],
    ["/private_channels/1/members", membersRoute, {}, { id: "1" }],
    ["/settings GET", settingsGet],
    ["/settings POST", settingsPost, { json: { bio: "x" } }],
    ["/delete_account", deleteAccountRoute, { json: { type: "soft", password: "x" } }],
    ["/events", eventsRoute],
    ["/channel_unreads", channelUnreadsRoute],
  ];

  it.each(cases)("%s answers 401 unauthorized", async (path, handler, options = {}, params = {}) => {
    const res = await call(handler, path.split(" ")[0]!, options, params);
    await expectJson(res, 401, { error: "unauthorized" });
  });

  it("answers 401 on every message endpoint and writes nothing", async () => {
    const id = await sendOk(alice, "software", "anonymous cannot touch this");
    const before = await messages(bob, "software");
    const results = [
      await getMessages(undefined, "software"),
      await getMessage(undefined, id),
      await send(undefined, "software", "anon"),
      await edit(undefined, id, "anon edit"),
      await del(undefined, id),
      await react(undefined, id, "thumbsup"),
      await markRead(undefined, "software"),
      await receipts(undefined, "software"),
      await searchRaw(undefined, { q: "anonymous" }),
    ];
    for (const res of results) await expectJson(res, 401, { error: "unauthorized" });
    expect(await messages(bob, "software")).toEqual(before);
  });
});

describe("GET /events", () => {
  async function nextEvents(reader: ReadableStreamDefaultReader<Uint8Array>, wanted: (text: string) => boolean): Promise<string> {
    const decoder = new TextDecoder();
    let seen = "";
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 500)),
      ]);
      if (chunk === null) continue;
      if (chunk.done) break;
      seen += decoder.decode(chunk.value, { stream: true });
      if (wanted(seen)) return seen;
    }
    return seen;
  }

  it("streams a change event when someone else writes to a channel the subscriber can see", async () => {
    const res = await call(eventsRoute, "/events", { cookie: carol });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    try {
      expect(await nextEvents(reader, (t) => t.includes(": connected"))).toContain(": connected");
      await sendOk(alice, "dm:alice:bob", "carol must not hear of this");
      await sendOk(bob, "software", "carol should hear of this");
      const text = await nextEvents(reader, (t) => t.includes("event: change"));
      expect(text).toContain("event: change");
      expect(text).toContain('"kind":"messages"');
      const events = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!));
      expect(events[0]).toEqual({ kind: "messages", channel: "software" });
      expect(events.some((e) => String(e.channel).startsWith("dm:"))).toBe(false);
    } finally {
      await reader.cancel();
    }
  });

  it("ends a stream when the account's sessions end, and leaves other people's open", async () => {
    const dave = await newUser("dave");
    const mine = (await call(eventsRoute, "/events", { cookie: dave })).body!.getReader();
    const theirs = (await call(eventsRoute, "/events", { cookie: carol })).body!.getReader();
    try {
      await nextEvents(mine, (t) => t.includes(": connected"));
      await nextEvents(theirs, (t) => t.includes(": connected"));
      await logout("dave");
      expect(await Promise.race([mine.read().then((r) => r.done), new Promise((r) => setTimeout(() => r("still open"), 2000))])).toBe(true);
      await sendOk(bob, "software", "carol still hears");
      expect(await nextEvents(theirs, (t) => t.includes("event: change"))).toContain('"channel":"software"');
      // The old cookie cannot open a new one.
      expect((await call(eventsRoute, "/events", { cookie: dave })).status).toBe(401);
    } finally {
      await mine.cancel();
      await theirs.cancel();
    }
  });
});
