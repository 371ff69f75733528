// Private channels: create, rename, add a member, leave, members, and what a leaver can no longer do.
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { POST as addMemberRoute } from "@/app/(chat)/private_channels/[id]/add_member/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { GET as membersRoute } from "@/app/(chat)/private_channels/[id]/members/route";
import { POST as renameRoute } from "@/app/(chat)/private_channels/[id]/rename/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as listRoute } from "@/app/(chat)/private_channels/route";
import { db } from "@/lib/db/client";
import { call, newUser, type RequestOptions } from "./helpers/http";
import {
  del, edit, expectJson, expectText, getMessage, getMessages, markRead, messages, react, receipts, rowOf, search, searchRaw, send,
  sendOk,
} from "./helpers/chat";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

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
afterEach(async () => {
  useSettings({ merge_window_seconds: 0 });
  await messageStore().settled();
});

interface Listed { id: number; channel: string; name: string; unread: number; members: string[] }

const create = (cookie: string, body: RequestOptions) => call(createRoute, "/private_channels/create", { cookie, ...body });
async function createOk(cookie: string, name: string, members: string[]) {
  const res = await create(cookie, { json: { name, members } });
  expect(res.status).toBe(200);
  return (await res.json()) as { id: number; channel: string; name: string };
}
const list = async (cookie: string) => (await (await call(listRoute, "/private_channels", { cookie })).json()) as Listed[];
const onPath = (id: number | string, action: string) => `/private_channels/${id}/${action}`;
const rename = (cookie: string, id: number | string, body: RequestOptions) => call(renameRoute, onPath(id, "rename"), { cookie, ...body }, { id: String(id) });
const addMember = (cookie: string, id: number | string, body: RequestOptions) => call(addMemberRoute, onPath(id, "add_member"), { cookie, ...body }, { id: String(id) });
const leave = (cookie: string, id: number | string) => call(leaveRoute, onPath(id, "leave"), { cookie, method: "POST" }, { id: String(id) });
const membersOf = (cookie: string, id: number | string) => call(membersRoute, onPath(id, "members"), { cookie }, { id: String(id) });
const systemRows = async (cookie: string, channel: string) =>
  (await messages(cookie, channel)).filter((r) => r.sender === "system").map((r) => [r.content_type, r.content]);

describe("POST /private_channels/create", () => {
  it("creates the channel with the creator added and answers id, channel and name", async () => {
    const res = await create(alice, { json: { name: "  Project X  ", members: ["BOB", " "] } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ id: expect.any(Number), channel: `private:${body.id}`, name: "Project X" });
    const entry = { id: body.id, channel: body.channel, name: "Project X", unread: 0, members: ["bob", "alice"] };
    expect(await list(alice)).toContainEqual(entry);
    expect(await list(bob)).toContainEqual(entry);
    expect((await list(carol)).map((c) => c.id)).not.toContain(body.id);
    const solo = await createOk(carol, "solo", []);
    expect((await list(carol)).find((c) => c.id === solo.id)!.members).toEqual(["carol"]);
    const withSelf = await createOk(dave, "with self", ["Dave", "carol"]);
    expect((await list(dave)).find((c) => c.id === withSelf.id)!.members).toEqual(["dave", "carol"]);
    expect(await createOk(dave, "x".repeat(80), [])).toMatchObject({ name: "x".repeat(80) });
  });

  it.each<[string, RequestOptions, number, string | object]>([
    ["a missing name", { json: { members: ["bob"] } }, 400, "name required"],
    ["a blank name", { json: { name: "   ", members: ["bob"] } }, 400, "name required"],
    ["a non-string name", { json: { name: 42, members: ["bob"] } }, 400, "name required"],
    ["an 81-character name", { json: { name: "n".repeat(81), members: ["bob"] } }, 400, "channel name must be 80 characters or fewer"],
    ["members that are not a list", { json: { name: "p", members: "bob" } }, 400, "members must be a list of usernames"],
    ["members that are not strings", { json: { name: "p", members: ["bob", 7] } }, 400, "members must be a list of usernames"],
    ["an unknown member", { json: { name: "p", members: ["bob", "zed"] } }, 404, "user not found"],
    ["a duplicate member", { json: { name: "p", members: ["bob", "Bob"] } }, 400, "duplicate member: bob"],
    ["malformed JSON", { rawJson: "{name:" }, 400, { error: "invalid JSON body" }],
    ["a JSON array", { json: ["p"] }, 400, { error: "JSON body must be an object" }],
    ["a name with NUL", { json: { name: "p\u0000q", members: ["bob"] } }, 400, "channel name contains a control or formatting character (U+0000)"],
    ["a name with BEL", { json: { name: "ring\u0007", members: [] } }, 400, "channel name contains a control or formatting character (U+0007)"],
    ["a name with a line break", { json: { name: "two\nlines", members: [] } }, 400, "channel name contains a control or formatting character (U+000A)"],
    ["a name with a bidi override", { json: { name: "gpj.\u202eexe", members: [] } }, 400, "channel name contains a control or formatting character (U+202E)"],
    ["a name with a bidi isolate", { json: { name: "\u2067abc", members: [] } }, 400, "channel name contains a control or formatting character (U+2067)"],
  ])("refuses %s and creates nothing", async (_, body, status, answer) => {
    const before = await db().privateChannel.count();
    const mine = await list(alice);
    const bobs = await list(bob);
    const res = await create(alice, body);
    if (typeof answer === "string") await expectText(res, status, answer);
    else await expectJson(res, status, answer);
    expect(await db().privateChannel.count()).toBe(before);
    expect(await list(alice)).toEqual(mine);
    expect(await list(bob)).toEqual(bobs);
  });
});

describe("messages in a private channel", () => {
  it("reach members only; outsiders get 403 forbidden everywhere and write nothing", async () => {
    const { channel } = await createOk(alice, "team", ["bob"]);
    const msg = await sendOk(bob, channel, "members only @alice @carol");
    expect((await rowOf(alice, channel, msg))!).toMatchObject({ content: "members only @alice @carol", mentions: '["alice"]' });
    const before = await messages(alice, channel);
    await expectText(await getMessages(carol, channel), 403, "forbidden");
    await expectText(await send(carol, channel, "let me in"), 403, "forbidden");
    await expectText(await markRead(carol, channel), 403, "forbidden");
    await expectText(await receipts(carol, channel), 403, "forbidden");
    await expectText(await call(channelMembersRoute, "/channel_members", { cookie: carol }, { channel }), 403, "forbidden");
    await expectText(await getMessage(carol, msg), 404, "not found");
    await expectText(await react(carol, msg, "eyes"), 404, "not found");
    expect(await search(carol, { q: "members only" })).toEqual([]);
    await expectText(await searchRaw(carol, { q: "members only", channel }), 403, "forbidden");
    expect(await messages(alice, channel)).toEqual(before);
  });
});

describe("POST /private_channels/<id>/rename", () => {
  it("renames the channel and tells every member with a system message", async () => {
    const { id, channel } = await createOk(alice, "old name", ["bob"]);
    await expectText(await rename(bob, id, { json: { name: "  New Name " } }), 200, "ok");
    expect((await list(alice)).find((c) => c.id === id)!.name).toBe("New Name");
    for (const viewer of [alice, bob]) {
      expect(await systemRows(viewer, channel)).toEqual([["system", 'bob has renamed the channel to "New Name"']]);
    }
    expect((await list(alice)).find((c) => c.id === id)!.unread).toBe(0);
  });

  it("refuses non-members (and unknown ids) with 403, bad names with 400, changing nothing", async () => {
    const { id, channel } = await createOk(alice, "stable", ["bob"]);
    await expectText(await rename(carol, id, { json: { name: "mine now" } }), 403, "forbidden");
    await expectText(await rename(carol, 999999, { json: { name: "ghost" } }), 403, "forbidden");
    await expectText(await rename(alice, "abc", { json: { name: "x" } }), 404, "not found");
    await expectText(await rename(alice, id, { json: { name: "  " } }), 400, "name required");
    await expectText(await rename(alice, id, { json: {} }), 400, "name required");
    await expectText(await rename(alice, id, { json: { name: ["list"] } }), 400, "name required");
    await expectText(await rename(alice, id, { json: { name: "é".repeat(81) } }), 400, "channel name must be 80 characters or fewer");
    await expectJson(await rename(alice, id, { rawJson: "[" }), 400, { error: "invalid JSON body" });
    for (const [name, char] of [["a\u0000b", "0000"], ["bell\u0007", "0007"], ["tab\there", "0009"], ["\u202eevil", "202E"], ["x\u0085y", "0085"]]) {
      await expectText(await rename(alice, id, { json: { name } }), 400, `channel name contains a control or formatting character (U+${char})`);
    }
    expect((await list(alice)).find((c) => c.id === id)!.name).toBe("stable");
    expect(await systemRows(alice, channel)).toEqual([]);
  });
});

describe("POST /private_channels/<id>/add_member", () => {
  it("adds the member, announces it to everyone including them, and gives them no earlier history", async () => {
    const { id, channel } = await createOk(alice, "growing", ["bob"]);
    await sendOk(alice, channel, "before carol joined");
    await expectText(await addMember(bob, id, { json: { username: " CAROL " } }), 200, "ok");
    const note = ["system", "bob added carol to this channel"];
    for (const viewer of [alice, bob, carol]) expect(await systemRows(viewer, channel)).toEqual([note]);
    expect((await messages(carol, channel)).map((r) => r.content)).toEqual(["bob added carol to this channel"]);
    expect(await search(carol, { q: "before carol" })).toEqual([]);
    await expectJson(await membersOf(carol, id), 200, [{ username: "bob" }, { username: "alice" }, { username: "carol" }]);
    const later = await sendOk(alice, channel, "after carol joined");
    expect((await rowOf(carol, channel, later))!.content).toBe("after carol joined");
  });

  it("delivers a message sent right after the add to the new member, merge window or not", async () => {
    useSettings({});
    const { id, channel } = await createOk(alice, "merge and add", ["bob"]);
    await sendOk(alice, channel, "hello bob");
    await expectText(await addMember(alice, id, { json: { username: "dave" } }), 200, "ok");
    await sendOk(alice, channel, "welcome dave");
    expect((await messages(dave, channel)).map((r) => r.content).join("\n")).toContain("welcome dave");
  });

  it.each<[string, RequestOptions, number, string]>([
    ["no username", { json: {} }, 400, "username required"],
    ["a blank username", { json: { username: "  " } }, 400, "username required"],
    ["a non-string username", { json: { username: ["bob"] } }, 400, "username required"],
    ["an unknown user", { json: { username: "zed" } }, 404, "user not found"],
    ["an existing member", { json: { username: "Bob" } }, 409, "already a member"],
  ])("refuses %s and changes nothing", async (_, body, status, answer) => {
    const { id, channel } = await createOk(alice, "fixed", ["bob"]);
    await expectText(await addMember(alice, id, body), status, answer);
    await expectJson(await membersOf(alice, id), 200, [{ username: "bob" }, { username: "alice" }]);
    expect(await systemRows(alice, channel)).toEqual([]);
  });

  it("answers two simultaneous adds of the same user with one ok and one 409 already a member", async () => {
    const { id, channel } = await createOk(alice, "race", ["bob"]);
    const [a, b] = await Promise.all([
      addMember(alice, id, { json: { username: "carol" } }),
      addMember(bob, id, { json: { username: "carol" } }),
    ]);
    const answers = [{ status: a.status, body: await a.text() }, { status: b.status, body: await b.text() }];
    expect(answers.sort((x, y) => x.status - y.status)).toEqual([{ status: 200, body: "ok" }, { status: 409, body: "already a member" }]);
    await expectJson(await membersOf(alice, id), 200, [{ username: "bob" }, { username: "alice" }, { username: "carol" }]);
    expect((await systemRows(carol, channel)).filter(([, text]) => text?.includes("to this channel"))).toHaveLength(1);
  });

  it("refuses non-members and unknown ids with 403 forbidden", async () => {
    const { id } = await createOk(alice, "closed", ["bob"]);
    await expectText(await addMember(dave, id, { json: { username: "dave" } }), 403, "forbidden");
    await expectText(await addMember(dave, 999999, { json: { username: "carol" } }), 403, "forbidden");
    await expectText(await addMember(dave, "1x", { json: { username: "carol" } }), 404, "not found");
    await expectJson(await membersOf(alice, id), 200, [{ username: "bob" }, { username: "alice" }]);
  });
});

describe("GET /private_channels/<id>/members", () => {
  it("lists members in membership order and refuses non-members with 403", async () => {
    const { id } = await createOk(carol, "listing", ["dave", "alice"]);
    await expectJson(await membersOf(alice, id), 200, [{ username: "dave" }, { username: "alice" }, { username: "carol" }]);
    await expectText(await membersOf(bob, id), 403, "forbidden");
    await expectText(await membersOf(bob, 999999), 403, "forbidden");
    await expectText(await membersOf(bob, "-1"), 404, "not found");
  });
});

describe("POST /private_channels/<id>/leave", () => {
  it("removes the caller, tells the others, and locks the leaver out of the channel", async () => {
    const { id, channel } = await createOk(alice, "leaving", ["bob", "carol"]);
    const old = await sendOk(bob, channel, "bob wrote this before leaving");
    const aliceMsg = await sendOk(alice, channel, "alice's words");
    await expectText(await leave(bob, id), 200, "ok");
    for (const viewer of [alice, carol]) expect(await systemRows(viewer, channel)).toEqual([["system", "bob has left the channel"]]);
    await expectJson(await membersOf(alice, id), 200, [{ username: "carol" }, { username: "alice" }]);
    expect((await list(bob)).map((c) => c.id)).not.toContain(id);

    const seenByAlice = await messages(alice, channel);
    await expectText(await getMessages(bob, channel), 403, "forbidden");
    await expectText(await send(bob, channel, "can I still post?"), 403, "forbidden");
    await expectText(await react(bob, aliceMsg, "thumbsup"), 404, "not found");
    await expectText(await markRead(bob, channel), 403, "forbidden");
    await expectText(await receipts(bob, channel), 403, "forbidden");
    await expectText(await edit(bob, old, "rewritten"), 403, "forbidden");
    await expectText(await del(bob, old), 403, "forbidden");
    await expectText(await getMessage(bob, aliceMsg), 404, "not found");
    await expectText(await membersOf(bob, id), 403, "forbidden");
    await expectText(await leave(bob, id), 403, "forbidden");
    expect(await search(bob, { q: "alice's words" })).toEqual([]);
    expect(await search(bob, { from: "alice" })).not.toContainEqual(expect.objectContaining({ channel }));
    await expectText(await searchRaw(bob, { q: "words", channel }), 403, "forbidden");
    expect(await messages(alice, channel)).toEqual(seenByAlice);
    expect((await receipts(alice, channel)).status).toBe(200);
  });

  it("refuses non-members and unknown ids with 403 forbidden", async () => {
    const { id } = await createOk(alice, "stay", ["bob"]);
    await expectText(await leave(dave, id), 403, "forbidden");
    await expectText(await leave(dave, 999999), 403, "forbidden");
    await expectText(await leave(dave, "abc"), 404, "not found");
    await expectJson(await membersOf(alice, id), 200, [{ username: "bob" }, { username: "alice" }]);
  });
});
