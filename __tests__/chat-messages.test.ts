// Messages: send (never merged), list, fetch one, edit, delete, react, mark read, receipts, mentions.
import { sendAnonymous } from "@/lib/messaging";
import { userFileExists } from "@/lib/messages/sqlite/store";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { call, newUser } from "./helpers/http";
import {
  channelUnreads, del, edit, expectJson, expectText, getMessage, getMessages, markRead, messages, pythonFloat, react,
  receipts, ROW_KEYS, rowOf, send, sendOk, type Row,
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
  dave = await newUser("Dave");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(async () => {
  useSettings({ merge_window_seconds: 0 });
  await messageStore().settled(); // no delivery may outlive the test file's data folder
});

describe("POST /send and GET /messages", () => {
  it("answers ok with X-Message-Id and every member sees the row with the documented keys", async () => {
    const before = Date.now() / 1000;
    const id = await sendOk(alice, "software", "hello software  \n");
    for (const viewer of [alice, bob, carol]) {
      const row = await rowOf(viewer, "software", id);
      expect(Object.keys(row!).sort()).toEqual(ROW_KEYS);
      expect(row).toEqual({
        agent: null, channel: "software", content: "hello software", content_type: "text", deleted: 0, deleted_ts: null, edited: 0,
        edited_ts: null, filename: null, id, mentions: null, reactions: null, reactions_ts: null, reply_to_id: null,
        sender: "alice", ts: expect.any(Number), updated_ts: row!.ts,
        root_id: null, thread_only: 0, reply_count: 0, last_reply_ts: null, participants: [],
      });
      expect(row!.ts).toBeGreaterThanOrEqual(before - 1);
      expect(row!.ts).toBeLessThanOrEqual(Date.now() / 1000 + 1);
    }
  });

  it("shows a tribune post with the identity it was made under: an anonymous one has sender \"\"", async () => {
    const { ids } = await sendAnonymous("software", "Wget/1.21 <&>", "from the tribune @bob", {});
    const row = await rowOf(bob, "software", ids[0]!);
    expect(row).toEqual(expect.objectContaining({ sender: "", agent: "Wget/1.21 <&>", content: "from the tribune @bob", mentions: JSON.stringify(["bob"]) }));
    expect(Object.keys(row!).sort()).toEqual(ROW_KEYS);
  });

  it("is not thrown by another cookie whose value is not valid %-encoding", async () => {
    const res = await getMessages(`stray=%E0%A4; other=%; ${alice}`, "general");
    expect(res.status).toBe(200);
  });

  it("lists only rows created or changed after `after`; NaN, garbage and missing mean 0", async () => {
    const id = await sendOk(bob, "off-topic", "after test");
    const all = await messages(carol, "off-topic");
    const ts = all.find((r) => r.id === id)!.ts;
    expect((await messages(carol, "off-topic", String(ts))).map((r) => r.id)).not.toContain(id);
    expect((await messages(carol, "off-topic", String(ts - 1))).map((r) => r.id)).toContain(id);
    for (const after of ["NaN", "nan", "garbage", "", null, "1e400x"]) {
      expect(await messages(carol, "off-topic", after)).toEqual(all);
    }
  });

  it.each([
    ["an empty text", { text: "" }],
    ["whitespace only", { text: "  \n\t " }],
    ["no text field", {}],
  ])("refuses %s with 400 empty and writes nothing", async (_, form) => {
    const before = await messages(bob, "software");
    await expectText(await send(alice, "software", form), 400, "empty");
    expect(await messages(bob, "software")).toEqual(before);
  });

  it.each([
    ["a NUL", "hi\u0000there", "U+0000"],
    ["a bell", "ding\u0007", "U+0007"],
    ["a right-to-left override", "invoice_\u202egnp.exe", "U+202E"],
  ])("refuses a text with %s (400, nothing written) and its edit alike", async (_, text, code) => {
    const mine = await sendOk(alice, "software", "clean text");
    const before = await messages(bob, "software");
    await expectText(await send(alice, "software", { text }), 400, `text contains a control or formatting character (${code})`);
    await expectText(await edit(alice, mine, text), 400, `text contains a control or formatting character (${code})`);
    expect(await messages(bob, "software")).toEqual(before);
  });

  it("keeps tabs, line breaks and right-to-left marks in a text", async () => {
    const text = "col1\tcol2\r\nline two \u200fשלום\u200f";
    const id = await sendOk(alice, "software", text);
    expect((await rowOf(bob, "software", id))!.content).toBe(text);
  });

  it("answers malformed or mistyped JSON bodies with 400 and writes nothing", async () => {
    const before = await messages(bob, "software");
    await expectJson(await send(alice, "software", {}, { rawJson: "{oops" }), 400, { error: "invalid JSON body" });
    await expectJson(await send(alice, "software", {}, { json: { text: 42 } }), 400, { error: "text must be a string" });
    await expectJson(await send(alice, "software", {}, { json: { text: "x", reply_to_id: 3 } }), 400, { error: "reply_to_id must be a string" });
    expect(await messages(bob, "software")).toEqual(before);
  });

  it("refuses channels the caller cannot see with 403 forbidden and writes nothing", async () => {
    const dmBefore = await messages(bob, "dm:bob:carol");
    for (const channel of ["nochannel", "dm:bob:carol", "private:999", "dm:alice", "dm:alice:", "General"]) {
      await expectText(await send(alice, channel, "sneaky"), 403, "forbidden");
    }
    expect(await messages(bob, "dm:bob:carol")).toEqual(dmBefore);
  });

  it("treats any spelling of a DM id as one canonical conversation", async () => {
    const a = await sendOk(alice, "dm:DAVE:Alice", "first spelling");
    const b = await sendOk(dave, "dm:alice:dave", "second spelling");
    for (const [viewer, spelling] of [[alice, "dm:alice:Dave"], [dave, "dm:dave:ALICE"]] as const) {
      const rows = await messages(viewer, spelling);
      expect(rows.map((r) => [r.id, r.channel, r.content])).toEqual([
        [a, "dm:alice:Dave", "first spelling"],
        [b, "dm:alice:Dave", "second spelling"],
      ]);
    }
    await expectText(await getMessages(carol, "dm:alice:Dave"), 403, "forbidden");
  });

  it("answers 404 user not found for a DM naming an unknown user and writes nothing", async () => {
    await expectText(await send(alice, "dm:alice:zed", "hello zed"), 404, "user not found");
    expect(await messages(alice, "dm:alice:zed")).toEqual([]);
    const everywhere = await Promise.all(["general", "software", "off-topic"].map((c) => messages(alice, c)));
    expect(everywhere.flat().some((r) => r.content === "hello zed")).toBe(false);
    expect(userFileExists("zed")).toBe(false);
  });

  it("stores a reply's reply_to_id", async () => {
    const parent = await sendOk(bob, "software", "parent");
    const child = await sendOk(carol, "software", "child", { reply_to_id: String(parent) });
    expect((await rowOf(alice, "software", child))!.reply_to_id).toBe(parent);
  });

  it.each(["abc", "1.5", "-3", "1e3", "0x10"])("refuses reply_to_id %j with 400 invalid reply_to_id and writes nothing", async (reply) => {
    await sendOk(bob, "software", "a parent");
    const before = await messages(bob, "software");
    await expectText(await send(alice, "software", { text: "reply", reply_to_id: reply }), 400, "invalid reply_to_id");
    expect(await messages(bob, "software")).toEqual(before);
  });

  it("refuses a reply_to_id that is not a message of that channel", async () => {
    const elsewhere = await sendOk(bob, "off-topic", "in off-topic");
    const dm = await sendOk(bob, "dm:bob:carol", "private to carol");
    const before = await messages(bob, "software");
    for (const reply of [String(elsewhere), String(dm), "999999999"]) {
      await expectText(await send(alice, "software", { text: "bad reply", reply_to_id: reply }), 400, "invalid reply_to_id");
    }
    expect(await messages(bob, "software")).toEqual(before);
  });
});

describe("every send is its own message (port decision 12: no merging in storage)", () => {
  it("keeps a quick second send apart: its own id, its own mentions, an unread for the mentioned", async () => {
    useSettings({}); // the default 300-second window only groups messages in the client
    const first = await sendOk(dave, "off-topic", "step 1");
    const bobsReply = await sendOk(bob, "off-topic", "ok, shipping");
    await markRead(bob, "off-topic");
    const warning = await sendOk(dave, "off-topic", "@bob NO, do not ship");
    expect(new Set([first, bobsReply, warning]).size).toBe(3);
    const rows = await messages(carol, "off-topic");
    const order = rows.map((r) => r.id);
    expect(order.indexOf(warning)).toBeGreaterThan(order.indexOf(bobsReply)); // nothing lands above a later reply
    expect(rows.find((r) => r.id === first)).toMatchObject({ content: "step 1", mentions: null, edited: 0, edited_ts: null });
    expect(rows.find((r) => r.id === warning)).toMatchObject({ content: "@bob NO, do not ship", mentions: '["bob"]' });
    expect((await channelUnreads(bob))["off-topic"]).toBe(1);
  });

  it("edits and deletes act on one send alone", async () => {
    useSettings({});
    const hello = await sendOk(carol, "general", "hello team");
    const code = await sendOk(carol, "general", "```js\nship()\n```");
    await expectText(await edit(carol, code, "```js\nwait()\n```"), 200, "ok");
    expect((await rowOf(bob, "general", hello))!.content).toBe("hello team");
    await expectText(await del(carol, code), 200, "ok");
    expect((await rowOf(bob, "general", hello))!).toMatchObject({ content: "hello team", deleted: 0 });
    expect((await rowOf(bob, "general", code))!).toMatchObject({ deleted: 1 });
  });

  it("keeps two simultaneous sends as two messages", async () => {
    useSettings({});
    const [a, b] = await Promise.all([send(carol, "general", "left"), send(carol, "general", "right")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ids = [a.headers.get("X-Message-Id"), b.headers.get("X-Message-Id")];
    expect(new Set(ids).size).toBe(2);
    const texts = (await messages(bob, "general")).filter((r) => ids.includes(String(r.id))).map((r) => r.content).sort();
    expect(texts).toEqual(["left", "right"]);
  });
});

describe("GET /message/<id>", () => {
  it("answers the message's id, sender, content, filename and deleted flag, and its channel and time (permalinks)", async () => {
    const id = await sendOk(alice, "software", "fetch me");
    await expectJson(await getMessage(bob, id), 200, { id, sender: "alice", content: "fetch me", filename: null, deleted: 0, channel: "software", ts: expect.any(Number) });
  });

  it("answers 404 not found for unknown ids, non-integer ids and messages the caller cannot see", async () => {
    const dm = await sendOk(alice, "dm:alice:bob", "between us");
    for (const id of ["999999999", "abc", "1.5", "-1", ""]) await expectText(await getMessage(alice, id), 404, "not found");
    await expectText(await getMessage(carol, dm), 404, "not found");
  });
});

describe("POST /edit/<id>", () => {
  it("replaces the text for everyone, sets edited 1 and recomputes mentions", async () => {
    const id = await sendOk(alice, "software", "draft @carol");
    expect((await rowOf(bob, "software", id))!.mentions).toBe('["carol"]');
    const ts = (await rowOf(bob, "software", id))!.ts;
    await expectText(await edit(alice, id, "  final @BOB  "), 200, "ok");
    const row = await rowOf(bob, "software", id);
    expect(row).toMatchObject({ content: "final @BOB", edited: 1, mentions: '["bob"]' });
    expect((await messages(bob, "software", String(ts))).map((r) => r.id)).toContain(id);
    expect(row!.edited_ts).toEqual(expect.any(Number));
    await expectText(await edit(alice, id, "no one"), 200, "ok");
    expect((await rowOf(carol, "software", id))!.mentions).toBeNull();
  });

  it("refuses others' messages and unknown ids with 403 forbidden, non-integer ids with 404", async () => {
    const id = await sendOk(alice, "software", "mine");
    await expectText(await edit(bob, id, "hijacked"), 403, "forbidden");
    await expectText(await edit(bob, 999999999, "nothing"), 403, "forbidden");
    await expectText(await edit(bob, "abc", "nothing"), 404, "not found");
    expect((await rowOf(carol, "software", id))!).toMatchObject({ content: "mine", edited: 0 });
  });

  it("refuses empty text with 400 empty and bad bodies with 400, changing nothing", async () => {
    const id = await sendOk(alice, "software", "keep me");
    await expectText(await edit(alice, id, ""), 400, "empty");
    await expectText(await edit(alice, id, "   "), 400, "empty");
    await expectJson(await edit(alice, id, { json: { text: ["x"] } }), 400, { error: "text must be a string" });
    await expectJson(await edit(alice, id, { rawJson: "nope" }), 400, { error: "invalid JSON body" });
    expect((await rowOf(bob, "software", id))!).toMatchObject({ content: "keep me", edited: 0, edited_ts: null });
  });
});

describe("POST /delete/<id>", () => {
  it("turns the message into a redacted tombstone for everyone", async () => {
    const id = await sendOk(alice, "software", "regret @bob");
    const before = (await rowOf(bob, "software", id))!;
    await expectText(await del(bob, id), 403, "forbidden");
    expect(await rowOf(bob, "software", id)).toEqual(before);
    await expectText(await del(alice, id), 200, "ok");
    for (const viewer of [alice, bob]) {
      const row = (await rowOf(viewer, "software", id))!;
      expect(row).toMatchObject({ deleted: 1, content: "", filename: null, sender: "alice" });
      expect(row.deleted_ts).toEqual(expect.any(Number));
    }
    // The change itself is new: a client polling with its last time sees the tombstone.
    expect((await messages(bob, "software", String(before.ts))).map((r) => r.id)).toContain(id);
    await expectJson(await getMessage(bob, id), 200, { id, sender: "alice", content: "", filename: null, deleted: 1, channel: "software", ts: expect.any(Number) });
    await expectText(await edit(alice, id, "revive"), 403, "forbidden");
  });

  it("refuses unknown ids with 403 and non-integer ids with 404, deleting nothing", async () => {
    await sendOk(alice, "software", "survivor");
    const before = await messages(bob, "software");
    await expectText(await del(alice, 999999999), 403, "forbidden");
    await expectText(await del(alice, "x1"), 404, "not found");
    await expectText(await del(alice, "1.0"), 404, "not found");
    expect(await messages(bob, "software")).toEqual(before);
  });
});

describe("POST /react/<id>", () => {
  it("toggles reactions and answers the whole map; /messages carries it as a JSON string", async () => {
    const id = await sendOk(bob, "software", "react to me");
    await expectJson(await react(alice, id, "thumbsup"), 200, { thumbsup: ["alice"] });
    await expectJson(await react(bob, id, " thumbsup "), 200, { thumbsup: ["alice", "bob"] });
    await expectJson(await react(carol, id, "heart"), 200, { thumbsup: ["alice", "bob"], heart: ["carol"] });
    const row = (await rowOf(dave, "software", id))!;
    expect(typeof row.reactions).toBe("string");
    expect(JSON.parse(row.reactions!)).toEqual({ thumbsup: ["alice", "bob"], heart: ["carol"] });
    expect(row.reactions_ts).toEqual(expect.any(Number));
    expect((await messages(dave, "software", String(row.ts))).map((r) => r.id)).toContain(id);
    await expectJson(await react(bob, id, "thumbsup"), 200, { thumbsup: ["alice"], heart: ["carol"] });
    await react(alice, id, "thumbsup");
    await expectJson(await react(carol, id, "heart"), 200, {});
    expect((await rowOf(dave, "software", id))!.reactions).toBeNull();
  });

  it("checks the reaction name first, then the id, and changes nothing on refusal", async () => {
    const id = await sendOk(bob, "software", "not for the unknown");
    await react(alice, id, "fire");
    const dm = await sendOk(alice, "dm:alice:bob", "dm to react to");
    for (const bad of ["bogus", "", "THUMBSUP", "👍"]) {
      await expectText(await react(carol, id, bad), 400, "invalid reaction");
      await expectText(await react(carol, 999999999, bad), 400, "invalid reaction");
    }
    await expectJson(await react(carol, id, { json: { reaction: 1 } }), 400, { error: "reaction must be a string" });
    await expectText(await react(carol, 999999999, "fire"), 404, "not found");
    await expectText(await react(carol, "abc", "fire"), 404, "not found");
    await expectText(await react(carol, dm, "fire"), 404, "not found");
    expect(JSON.parse((await rowOf(bob, "software", id))!.reactions!)).toEqual({ fire: ["alice"] });
    expect((await rowOf(bob, "dm:alice:bob", dm))!.reactions).toBeNull();
  });
});

describe("POST /mark_read and GET /read_receipts", () => {
  it("marks others' messages read (204) and records receipts keyed by the message ts", async () => {
    await markRead(carol, "off-topic");
    const id = await sendOk(alice, "off-topic", "please read");
    expect((await channelUnreads(carol))["off-topic"]).toBe(1);
    const res = await markRead(carol, "off-topic");
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await channelUnreads(carol))["off-topic"]).toBe(0);
    const ts = (await rowOf(alice, "off-topic", id))!.ts;
    const res2 = await receipts(alice, "off-topic");
    expect(res2.status).toBe(200);
    const map = (await res2.json()) as Record<string, string[]>;
    expect(map[pythonFloat(ts)]).toEqual(["carol"]);
    expect(Object.keys(map).every((k) => /^[0-9]+\.[0-9]+$/.test(k))).toBe(true);
  });

  it("answers {} when nobody read anything yet", async () => {
    await sendOk(alice, "dm:alice:carol", "unread dm");
    await expectJson(await receipts(alice, "dm:alice:carol"), 200, {});
  });

  it("refuses outsiders with 403 forbidden and records nothing", async () => {
    await sendOk(alice, "dm:alice:bob", "outsiders keep out");
    const before = await (await receipts(bob, "dm:alice:bob")).json();
    for (const channel of ["dm:alice:bob", "private:999", "nochannel"]) {
      await expectText(await markRead(carol, channel), 403, "forbidden");
      await expectText(await receipts(carol, channel), 403, "forbidden");
    }
    expect(await (await receipts(bob, "dm:alice:bob")).json()).toEqual(before);
  });
});

describe("mentions", () => {
  it("resolves @names case-insensitively against members, in membership order and canonical spelling", async () => {
    const cases: [string, string | null][] = [
      ["hey @CAROL and @bob", '["bob","carol"]'],
      ["ping @dave", '["Dave"]'],
      ["@everyone look, @bob", '["@everyone"]'],
      ["nobody here", null],
      ["@zed is not a user", null],
    ];
    for (const [text, mentions] of cases) {
      const id = await sendOk(alice, "software", text);
      expect({ text, mentions: (await rowOf(bob, "software", id))!.mentions }).toEqual({ text, mentions });
    }
  });

  it("does not count an @ inside an e-mail address, a URL or a path", async () => {
    const cases: [string, string | null][] = [
      ["mail foo@bob.com", null],
      ["see https://example.com/@bob/posts", null],
      ["a.b.@bob or x@@bob or x_@bob or x-@bob or caf\u00e9@bob", null],
      ["(@bob) and @bob: and \u00ab@bob\u00bb", '["bob"]'],
      ["mail foo@bob.com, cc @carol", '["carol"]'],
    ];
    for (const [text, mentions] of cases) {
      const id = await sendOk(alice, "software", text);
      expect({ text, mentions: (await rowOf(bob, "software", id))!.mentions }).toEqual({ text, mentions });
    }
  });

  it("only counts members of the channel", async () => {
    const id = await sendOk(alice, "dm:alice:bob", "@carol is not here but @bob is");
    expect((await rowOf(bob, "dm:alice:bob", id))!.mentions).toBe('["bob"]');
  });
});

describe("paging through long histories (limit and before)", () => {
  let cookie: string;
  let ids: number[];
  beforeAll(async () => {
    cookie = await newUser("pager");
    ids = [];
    for (let i = 0; i < 7; i++) ids.push(await sendOk(cookie, "off-topic", `page ${i}`));
  });

  const page = (query: string) => call(messagesRoute, `/messages/off-topic?${query}`, { cookie }, { channel: "off-topic" });

  it("limit keeps only the newest rows, oldest first", async () => {
    const rows = (await (await page("after=0&limit=3")).json()) as Row[];
    expect(rows.map((r) => r.content)).toEqual(["page 4", "page 5", "page 6"]);
  });

  it("before pages back from a time, oldest first", async () => {
    const all = (await (await page("after=0")).json()) as Row[];
    const pivot = all.find((r) => r.content === "page 4")!;
    const rows = (await (await page(`before=${pivot.ts}&limit=2`)).json()) as Row[];
    expect(rows.map((r) => r.content)).toEqual(["page 2", "page 3"]);
  });

  it.each(["limit=0", "limit=1001", "limit=abc", "limit=2.5", "before=soon", "before="])("answers %s with 400", async (query) => {
    const res = await page(`after=0&${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/limit|before/);
  });
});
