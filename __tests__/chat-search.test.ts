// GET /search_messages: q (trigram substring or literal LIKE), from, channel, start, end; newest first, at most 50.
import { newUser } from "./helpers/http";
import { del, edit, expectJson, expectText, rowOf, search, searchRaw, sendOk } from "./helpers/chat";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(() => messageStore().settled());

const contents = (hits: { content: string }[]) => hits.map((h) => h.content);
const pause = () => new Promise((r) => setTimeout(r, 5));

describe("GET /search_messages", () => {
  it("answers [] when no filter is given", async () => {
    await sendOk(alice, "software", "something to find");
    for (const params of [{}, { q: "" }, { q: "   ", from: " " }, { start: "soon", end: "later" }] as Record<string, string>[]) {
      await expectJson(await searchRaw(bob, params), 200, []);
    }
  });

  it("matches 3+ characters as a case-insensitive substring and answers {id, channel, sender, content, ts}", async () => {
    const id = await sendOk(alice, "software", "The Quick Brown Fox");
    const row = (await rowOf(bob, "software", id))!;
    const expected = [{ id, channel: "software", sender: "alice", content: "The Quick Brown Fox", ts: row.ts }];
    expect(await search(bob, { q: "quick brown" })).toEqual(expected);
    expect(await search(bob, { q: "  UICK BROWN f " })).toEqual(expected);
    expect(await search(bob, { q: "k Br" })).toEqual(expected);
    expect(await search(bob, { q: "quick fox" })).toEqual([]);
  });

  it("treats quotes and FTS syntax in q as plain text", async () => {
    await sendOk(alice, "off-topic", 'she said "hi there" OR NOT');
    expect(contents(await search(bob, { q: '"hi there"' }))).toEqual(['she said "hi there" OR NOT']);
    expect(contents(await search(bob, { q: "OR NOT" }))).toEqual(['she said "hi there" OR NOT']);
    expect(await search(bob, { q: "hi* AND" })).toEqual([]);
  });

  it("matches 1-2 characters with LIKE, taking % and _ literally", async () => {
    await sendOk(carol, "off-topic", "50% off");
    await sendOk(carol, "off-topic", "500 items");
    await sendOk(carol, "off-topic", "a_b");
    await sendOk(carol, "off-topic", "axb");
    expect(contents(await search(bob, { q: "0%", channel: "off-topic" }))).toEqual(["50% off"]);
    expect(contents(await search(bob, { q: "_", channel: "off-topic" }))).toEqual(["a_b"]);
    expect(contents(await search(bob, { q: "%", channel: "off-topic" }))).toEqual(["50% off"]);
    expect(contents(await search(bob, { q: "AX", channel: "off-topic" }))).toEqual(["axb"]);
  });

  it("filters by sender case-insensitively, newest first", async () => {
    await sendOk(carol, "general", "zebra one");
    await pause();
    await sendOk(bob, "general", "zebra from bob");
    await pause();
    await sendOk(carol, "software", "zebra two");
    await pause();
    await sendOk(carol, "dm:alice:carol", "zebra three");
    expect(contents(await search(alice, { q: "zebra", from: "CAROL" }))).toEqual(["zebra three", "zebra two", "zebra one"]);
    expect(contents(await search(alice, { q: "zebra" }))).toEqual(["zebra three", "zebra two", "zebra from bob", "zebra one"]);
    const fromOnly = await search(alice, { from: "Bob" });
    expect(fromOnly.length).toBeGreaterThan(0);
    expect(fromOnly.every((h) => h.sender === "bob")).toBe(true);
    expect(contents(fromOnly)[0]).toBe("zebra from bob");
  });

  it("answers at most 50 hits, the newest", async () => {
    for (let i = 0; i < 55; i++) await sendOk(bob, "off-topic", `bulk item ${i}`);
    const hits = await search(alice, { q: "bulk item" });
    expect(hits).toHaveLength(50);
    expect(hits[0]?.content).toBe("bulk item 54");
    expect(hits[49]?.content).toBe("bulk item 5");
  });

  it("never matches deleted messages and finds edited messages by their new text only", async () => {
    const gone = await sendOk(alice, "software", "ephemeral walrus");
    const changed = await sendOk(alice, "software", "original narwhal");
    expect(contents(await search(bob, { q: "walrus" }))).toEqual(["ephemeral walrus"]);
    await del(alice, gone);
    await edit(alice, changed, "revised narwhal");
    expect(await search(bob, { q: "walrus" })).toEqual([]);
    expect(await search(bob, { q: "ephemeral", from: "alice" })).toEqual([]);
    expect(await search(bob, { q: "original" })).toEqual([]);
    expect(contents(await search(bob, { q: "narwhal" }))).toEqual(["revised narwhal"]);
    expect(contents(await search(bob, { q: "na" , from: "alice", channel: "software" }))).toEqual(["revised narwhal"]);
  });

  it("filters by channel (any DM spelling) and by start (inclusive) and end (exclusive)", async () => {
    const one = await sendOk(alice, "dm:alice:bob", "timeline one");
    await pause();
    const two = await sendOk(bob, "dm:alice:bob", "timeline two");
    await pause();
    await sendOk(alice, "dm:alice:bob", "timeline three");
    await sendOk(alice, "software", "timeline elsewhere");
    const ts = (await rowOf(alice, "dm:alice:bob", two))!.ts;
    expect(contents(await search(alice, { q: "timeline", channel: "dm:BOB:alice" }))).toEqual(["timeline three", "timeline two", "timeline one"]);
    expect(contents(await search(alice, { q: "timeline", channel: "dm:alice:bob", start: String(ts) }))).toEqual(["timeline three", "timeline two"]);
    expect(contents(await search(alice, { q: "timeline", channel: "dm:alice:bob", end: String(ts) }))).toEqual(["timeline one"]);
    expect(contents(await search(alice, { q: "timeline", channel: "dm:alice:bob", start: "junk", end: String(ts) }))).toEqual(["timeline one"]);
    expect((await search(alice, { channel: "dm:alice:bob", end: String(ts) })).map((h) => h.id)).toContain(one);
  });

  it("never shows another user's DMs, and refuses an explicit channel the caller cannot see with 403", async () => {
    await sendOk(alice, "dm:alice:bob", "secret rendezvous");
    expect(await search(carol, { q: "rendezvous" })).toEqual([]);
    expect(contents(await search(bob, { q: "rendezvous" }))).toEqual(["secret rendezvous"]);
    for (const channel of ["dm:alice:bob", "private:999", "nochannel"]) {
      await expectText(await searchRaw(carol, { q: "rendezvous", channel }), 403, "forbidden");
    }
  });
});
