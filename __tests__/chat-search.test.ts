// GET /search_messages: q (words, "phrases", -exclusions and from:/in:/before:/after:/on: operators;
// each text a trigram substring or literal LIKE), from, channel, start, end, tz, context; newest first, at most 50.
import { POST as renameChannelRoute } from "@/app/(chat)/channels/[channel]/rename/route";
import { POST as createChannelRoute } from "@/app/(chat)/channels/create/route";
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { call, newUser } from "./helpers/http";
import { del, edit, expectJson, expectText, messages, rowOf, search as searchHits, searchRaw, sendOk } from "./helpers/chat";
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

type Hit = { id: number; channel: string; sender: string; content: string; ts: number; context?: { before: unknown; after: unknown } };
const search = (cookie: string, params: Record<string, string>) => searchHits(cookie, params) as Promise<Hit[]>;
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
    expect(await search(bob, { q: "quick fox" })).toEqual(expected); // several words: all must match, anywhere
    expect(await search(bob, { q: '"quick fox"' })).toEqual([]); // a phrase must match as it is
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

const dayIn = (zone: string, at = new Date()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

describe("GET /search_messages with operators in q", () => {
  it("needs every word and phrase, and drops hits with an excluded word or phrase (short ones too)", async () => {
    await sendOk(alice, "software", "deploy the gamma build tonight");
    await sendOk(alice, "software", "deploy gamma after the review");
    await sendOk(alice, "software", "gamma deploy is a no go");
    expect(contents(await search(bob, { q: "gamma deploy" }))).toEqual(["gamma deploy is a no go", "deploy gamma after the review", "deploy the gamma build tonight"]);
    expect(contents(await search(bob, { q: '"deploy gamma"' }))).toEqual(["deploy gamma after the review"]);
    expect(contents(await search(bob, { q: "gamma -review -tonight" }))).toEqual(["gamma deploy is a no go"]);
    expect(contents(await search(bob, { q: 'gamma -"no go"' }))).toEqual(["deploy gamma after the review", "deploy the gamma build tonight"]);
    expect(contents(await search(bob, { q: "gamma -go" }))).toEqual(["deploy gamma after the review", "deploy the gamma build tonight"]);
    expect(contents(await search(bob, { q: "DEPLOY Gamma -REVIEW is" }))).toEqual(["gamma deploy is a no go"]);
  });

  it("takes from:name and from:@name, either of several, and the from parameter as one more", async () => {
    await sendOk(alice, "general", "kiwi from alice");
    await sendOk(bob, "general", "kiwi from bob");
    await sendOk(carol, "general", "kiwi from carol");
    expect(contents(await search(bob, { q: "kiwi from:alice" }))).toEqual(["kiwi from alice"]);
    expect(contents(await search(bob, { q: "kiwi from:@ALICE" }))).toEqual(["kiwi from alice"]);
    expect(contents(await search(bob, { q: "from:carol from:@alice kiwi" }))).toEqual(["kiwi from carol", "kiwi from alice"]);
    expect(contents(await search(bob, { q: "kiwi from:carol", from: "bob" }))).toEqual(["kiwi from carol", "kiwi from bob"]);
    expect(await search(bob, { q: "kiwi from:nobody" })).toEqual([]);
  });

  it("takes in: a public channel, a DM as @user, the caller's private channel by name, and operators alone", async () => {
    await sendOk(alice, "general", "mango in general");
    await sendOk(alice, "off-topic", "mango in off-topic");
    await sendOk(alice, "dm:alice:bob", "mango between us");
    const created = await (await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "Fruit Council", members: ["bob"] } })).json();
    await sendOk(alice, created.channel, "mango in council");
    expect(contents(await search(bob, { q: "mango in:general" }))).toEqual(["mango in general"]);
    expect(contents(await search(bob, { q: "mango in:~OFF-TOPIC" }))).toEqual(["mango in off-topic"]);
    expect(contents(await search(bob, { q: "mango in:@alice" }))).toEqual(["mango between us"]);
    expect(contents(await search(alice, { q: "in:@bob mango" }))).toEqual(["mango between us"]);
    expect(contents(await search(bob, { q: 'mango in:"fruit council"' }))).toEqual(["mango in council"]);
    expect(contents(await search(bob, { q: "mango in:general in:@alice" }))).toEqual(["mango between us", "mango in general"]);
    expect(contents(await search(bob, { q: "mango in:general", channel: "off-topic" }))).toEqual(["mango in off-topic", "mango in general"]);
    expect(contents(await search(bob, { q: `in:${created.channel}` }))).toEqual(["mango in council"]);
    expect(contents(await search(bob, { q: "from:alice in:off-topic" }))[0]).toBe("mango in off-topic");
  });

  it("takes in: a public channel an admin made at runtime, by its id or the name it was renamed to", async () => {
    // alice is this file's first account: the admin.
    const made = await call(createChannelRoute, "/channels/create", { cookie: alice, method: "POST", json: { name: "plum-talk" } });
    expect(made.status).toBe(200);
    const { id } = (await made.json()) as { id: string };
    await sendOk(alice, id, "plum season");
    await sendOk(alice, "general", "plum elsewhere");
    expect(contents(await search(bob, { q: `plum in:${id}` }))).toEqual(["plum season"]);
    const renamed = await call(renameChannelRoute, `/channels/${encodeURIComponent(id)}/rename`, { cookie: alice, method: "POST", json: { name: "stone-fruit" } }, { channel: id });
    expect(renamed.status).toBe(200);
    expect(contents(await search(bob, { q: "plum in:Stone-Fruit" }))).toEqual(["plum season"]);
    expect(contents(await search(bob, { q: `plum in:~${id.toUpperCase()}` }))).toEqual(["plum season"]);
  });

  it("refuses in: a channel the caller cannot see as the channel parameter does (403 forbidden), whether it exists or not", async () => {
    const created = await (await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "Papaya Room", members: [] } })).json();
    await sendOk(alice, created.channel, "papaya secret");
    await sendOk(alice, "dm:alice:bob", "papaya whisper");
    expect(contents(await search(alice, { q: 'papaya in:"papaya room"' }))).toEqual(["papaya secret"]);
    for (const q of ['papaya in:"papaya room"', "papaya in:no-such-room", `papaya in:${created.channel}`, "papaya in:dm:alice:bob", "in:private:999999"]) {
      await expectText(await searchRaw(carol, { q }), 403, "forbidden");
    }
    // A DM of one's own with an unknown user has nothing in it.
    expect(await search(carol, { q: "papaya in:@nobody" })).toEqual([]);
  });

  it("reads on:/after:/before: days in the tz given (UTC by default): after and before leave their day out", async () => {
    await sendOk(carol, "off-topic", "lychee today");
    const utc = dayIn("UTC");
    expect(contents(await search(bob, { q: `lychee on:${utc}` }))).toEqual(["lychee today"]);
    expect(contents(await search(bob, { q: `lychee after:${shiftDay(utc, -1)}` }))).toEqual(["lychee today"]);
    expect(contents(await search(bob, { q: `lychee before:${shiftDay(utc, 1)}` }))).toEqual(["lychee today"]);
    expect(await search(bob, { q: `lychee after:${utc}` })).toEqual([]);
    expect(await search(bob, { q: `lychee before:${utc}` })).toEqual([]);
    expect(await search(bob, { q: `lychee on:${shiftDay(utc, -1)}` })).toEqual([]);
    // +14 and -12 are 26 hours apart: never the same date, so a day there is never the day here.
    const east = dayIn("Pacific/Kiritimati");
    expect(contents(await search(bob, { q: `lychee on:${east}`, tz: "Pacific/Kiritimati" }))).toEqual(["lychee today"]);
    expect(contents(await search(bob, { q: `lychee on:${east}`, tz: "+14:00" }))).toEqual(["lychee today"]);
    expect(await search(bob, { q: `lychee on:${east}`, tz: "-12:00" })).toEqual([]);
    // Days and start/end narrow together; two different on: days find nothing.
    expect(await search(bob, { q: `lychee on:${utc}`, end: "1000" })).toEqual([]);
    expect(await search(bob, { q: `lychee on:${utc} on:${shiftDay(utc, -1)}` })).toEqual([]);
  });

  it("answers 400 with a clear JSON error for an unknown operator, a missing value, a bad date, a bad tz or context", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ q: "to:bob hello" }, 'unknown search operator "to:" (use from:, in:, before:, after: or on:; quote text that contains a colon)'],
      [{ q: "hello from:" }, "from: needs a value right after the colon (from:alice)"],
      [{ q: "before:yesterday" }, 'before: takes a date as YYYY-MM-DD (before:2026-12-01), not "yesterday"'],
      [{ q: "on:2026-02-30" }, 'on: takes a date as YYYY-MM-DD (on:2026-12-01), not "2026-02-30"'],
      [{ q: "-in:general" }, '"-in:" is not supported: only words and "phrases" can be excluded'],
      [{ q: "hello", tz: "Mars/Olympus" }, 'unknown time zone "Mars/Olympus": use an IANA name (Europe/Paris) or an offset (+02:00)'],
      [{ q: "hello", context: "maybe" }, "context must be 1 or 0"],
      [{ q: "x".repeat(1001) }, "the search is too long (at most 1000 characters)"],
    ];
    for (const [params, error] of cases) await expectJson(await searchRaw(bob, params), 400, { error });
  });

  it("keeps FTS and SQL syntax typed as words literal", async () => {
    await sendOk(alice, "off-topic", "quince NEAR(a b) '; DROP TABLE messages; --");
    expect(contents(await search(bob, { q: `quince NEAR(a "b) '; DROP" messages;` }))).toEqual(["quince NEAR(a b) '; DROP TABLE messages; --"]);
    expect(await search(bob, { q: "quince -NEAR(a" })).toEqual([]);
    expect(await search(bob, { q: "quince --" })).toEqual([]); // -- excludes "-", which the message holds
    expect(contents(await search(bob, { q: "TABLE messages;" }))).toEqual(["quince NEAR(a b) '; DROP TABLE messages; --"]);
  });

  it("gives each hit the message before and after it in its channel with context=1, skipping deleted ones", async () => {
    const channel = "dm:bob:carol";
    await sendOk(bob, channel, "first of three");
    await pause();
    const gone = await sendOk(carol, channel, "deleted in between");
    await pause();
    const middle = await sendOk(carol, channel, "the guava line");
    await pause();
    const last = await sendOk(bob, channel, "last of three");
    await del(carol, gone);
    const [hit] = await search(bob, { q: "guava", context: "1" });
    const row = async (id: number) => (await rowOf(bob, channel, id))!;
    const first = (await messages(bob, channel)).find((r) => r.content === "first of three")!;
    expect(hit).toEqual({
      id: middle,
      channel,
      sender: "carol",
      content: "the guava line",
      ts: (await row(middle)).ts,
      context: {
        before: { id: first.id, sender: "bob", content: "first of three", ts: first.ts },
        after: { id: last, sender: "bob", content: "last of three", ts: (await row(last)).ts },
      },
    });
    const [edge] = await search(bob, { q: "first of three", context: "true" });
    expect(edge?.context?.before).toBeNull();
    expect((await search(bob, { q: "guava" }))[0]).not.toHaveProperty("context");
  });
});
