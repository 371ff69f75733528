// The tribune as coincoin clients use it (issue 11): every URL of spec §2.1 in every slash form, the window
// arguments (§3, the worked example of §3.1), conditional GETs, posting and its answers (§4), identities in
// both modes, every /bak option and its effect on the backends and on the web chat, and well-formed XML and
// 5-field TSV whatever people post. Requests go through lib/tribune/service.ts, the function the Pages
// Router route hands every /tribune/… request to (the raw wire is e2e/tribune.test.mjs's).
import http from "node:http";
import net from "node:net";
import { serveBeforeNext } from "@/lib/http/node";
import { isTribuneRequest, serveTribune } from "@/lib/http/tribune";
import { userBak } from "@/lib/bak/users";
import { del, edit, messages, send, sendOk } from "./helpers/chat";
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { call, newUser, PASSWORD } from "./helpers/http";
import { useSettings as applySettings } from "./helpers/settings";
import { tribune, type Answer } from "./helpers/tribune";
import { xmlErrors } from "./helpers/xml";

const CHANNELS = ["general", "software", "off-topic", "window", "hostile", "bakroom", "web", "clocks"];
const open = (overrides: Record<string, unknown> = {}) => applySettings({ channels: CHANNELS, tribune: { anonymous: true, ...overrides } });
const locked = () => applySettings({ channels: CHANNELS, tribune: { anonymous: false } });

let alice: string;
let bob: string;
const basic = (user: string, password = PASSWORD) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const UA = { "user-agent": "olcc/2.0" };

/** Posts as a coincoin; asserts the 200 and answers the new id. */
async function post(channel: string | null, content: string, headers: Record<string, string> = UA): Promise<number> {
  const answer = await tribune(`/tribune/${channel ? `${channel}/` : ""}post/xml/`, { form: { content }, headers });
  expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: "" });
  return Number(answer.header("X-Post-Id"));
}

/** The ids of a TSV answer, in its order. */
const tsvIds = (answer: Answer) => answer.body.split("\n").filter(Boolean).map((line) => Number(line.split("\t")[0]));
/** The ids of an XML answer, in its order. */
const xmlIds = (answer: Answer) => [...answer.body.matchAll(/<post id="([0-9]+)"/g)].map((m) => Number(m[1]));


beforeAll(async () => {
  open();
  alice = await newUser("alice");
  bob = await newUser("bob");
});

beforeEach(() => open());

describe("the URL map (spec §2.1)", () => {
  const BACKENDS: Array<[string, string]> = [
    ["remote/", "text/plain; charset=utf-8"],
    ["remote/tsv/", "text/tab-separated-values; charset=utf-8"],
    ["remote/json/", "application/json; charset=utf-8"],
    ["remote/xml/", "application/xml; charset=utf-8"],
    ["crap/remote.xml", "application/xml; charset=utf-8"],
  ];
  const POSTS: Array<[string, string]> = [
    ["post/", "text/plain; charset=utf-8"],
    ["post/tsv/", "text/tab-separated-values; charset=utf-8"],
    ["post/json/", "application/json; charset=utf-8"],
    ["post/xml/", "text/plain; charset=utf-8"],
    ["crap/post.xml", "text/plain; charset=utf-8"],
  ];
  const forms = (path: string) => (path.endsWith("/") ? [path, path.slice(0, -1)] : [path, `${path}/`]);

  beforeAll(async () => {
    await post(null, "on the default board");
    await post("software", "on software");
  });

  for (const base of ["/tribune/", "/tribune/software/"]) {
    for (const [path, type] of BACKENDS) {
      for (const form of forms(path)) {
        it(`GET ${base}${form} answers 200 directly in its format`, async () => {
          const answer = await tribune(`${base}${form}`);
          expect(answer.status).toBe(200);
          expect(answer.header("Content-Type")).toBe(type);
          expect(answer.header("Last-Modified")).toMatch(/^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$/);
          expect(answer.header("Cache-Control")).toBe("no-cache, no-store, must-revalidate, max-age=0");
          expect(answer.header("Pragma")).toBe("no-cache");
          expect(answer.body).toContain(base === "/tribune/" ? "on the default board" : "on software");
          expect(answer.body).not.toContain(base === "/tribune/" ? "on software" : "on the default board");
        });
      }
    }
    for (const [path, type] of POSTS) {
      for (const form of forms(path)) {
        it(`POST ${base}${form} posts and answers 200 with X-Post-Id`, async () => {
          const answer = await tribune(`${base}${form}`, { form: { content: `via ${form}` }, headers: UA });
          expect(answer.status).toBe(200);
          expect(answer.header("Content-Type")).toBe(type);
          const id = Number(answer.header("X-Post-Id"));
          expect(id).toBeGreaterThan(0);
          const xml = await tribune(`${base}remote/xml/?limit=1`);
          expect(xmlIds(xml)).toEqual([id]);
        });
      }
    }
  }

  it.each([
    ["", "text/html; charset=utf-8"], ["noscript/", "text/html; charset=utf-8"], ["noscript", "text/html; charset=utf-8"],
    ["discovery.config", "application/xml; charset=utf-8"], ["clock/12:00/", "application/json; charset=utf-8"],
    ["clock/12:00:00", "application/json; charset=utf-8"], ["clock/120000/", "application/json; charset=utf-8"],
  ])("GET /tribune/%s and /tribune/software/%s answer 200 directly", async (path, type) => {
    for (const base of ["/tribune/", "/tribune/software/"]) {
      const answer = await tribune(`${base}${path}`);
      expect({ path: `${base}${path}`, status: answer.status, type: answer.header("Content-Type") }).toEqual({ path: `${base}${path}`, status: 200, type });
    }
    for (const urls of ["/tribune/urls/", "/tribune/urls"]) expect((await tribune(urls)).status).toBe(200);
  });

  it("serves discovery for the board and for each channel", async () => {
    const board = await tribune("/tribune/discovery.config");
    expect(board.status).toBe(200);
    expect(board.header("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(board.body).toBe(
      "<?xml version='1.0' encoding='UTF-8'?>\n" +
        '<site baseurl="http://localhost:3000" name="localhost:3000" title="localhost:3000" version="0.7.9"><board name="board" title="Tribune"><backend path="/tribune/remote/xml/" public="true" refresh="10" tags_encoded="false" /><post anonymous="true" max_length="500" method="post" path="/tribune/post/xml/"><field name="content">$m</field></post></board></site>',
    );
    const channel = await tribune("/tribune/software/discovery.config");
    expect(channel.body).toContain('name="localhost:3000 - software"');
    expect(channel.body).toContain('title="Tribune /software/"');
    expect(channel.body).toContain('path="/tribune/software/remote/xml/"');
    expect(xmlErrors(channel.body)).toEqual([]);
    applySettings({ channels: CHANNELS, tribune: { anonymous: false, site: "https://chat.example.com" } });
    const closed = await tribune("/tribune/discovery.config");
    expect(closed.body).toContain('baseurl="https://chat.example.com"');
    expect(closed.body).toContain('public="false"');
    expect(closed.body).toContain('anonymous="false"');
  });

  it.each([
    "/tribune/nowhere/remote/xml/", "/tribune/remote/yaml/", "/tribune/crap/remote.json", "/tribune/remote/xml/extra/",
    "/tribune/software/urls/", "/tribune/private:1/remote/xml/", "/tribune/dm:alice:bob/remote/xml/",
    "/tribune//remote/xml/", "/tribune/clock/12/", "/tribune/software/remote/xml//",
  ])("%s is 404", async (path) => {
    const answer = await tribune(path);
    expect({ status: answer.status, type: answer.header("Content-Type") }).toEqual({ status: 404, type: "text/plain; charset=utf-8" });
  });

  it("refuses the wrong method with 405 and says which are allowed, writing nothing", async () => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/"));
    const get = await tribune("/tribune/post/xml/");
    expect([get.status, get.header("Allow")]).toEqual([405, "POST, PUT"]);
    const postBackend = await tribune("/tribune/remote/xml/", { form: { content: "nope" } });
    expect([postBackend.status, postBackend.header("Allow")]).toEqual([405, "GET"]);
    expect((await tribune("/tribune/remote/xml/", { method: "DELETE" })).status).toBe(405);
    expect(tsvIds(await tribune("/tribune/remote/tsv/"))).toEqual(before);
  });

  it("posts a PUT like a POST (the reference could not read PUT bodies)", async () => {
    const answer = await tribune("/tribune/post/xml/", { method: "PUT", form: { content: "put here" }, headers: UA });
    expect(answer.status).toBe(200);
    expect(answer.header("X-Post-Id")).toMatch(/^[0-9]+$/);
  });
});

describe("the window (spec §3)", () => {
  let ids: number[] = [];
  beforeAll(async () => {
    open();
    ids = [];
    for (let n = 1; n <= 42; n++) ids.push(await post("window", `message ${n}`));
  });
  const id = (n: number) => ids[n - 1]!;
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => id(from + i));
  const get = (query: string, format = "tsv/") => tribune(`/tribune/window/remote/${format}${query}`);

  it("follows the worked example of §3.1 with the real defaults", async () => {
    expect(tsvIds(await get(""))).toEqual(range(1, 42));
    expect(tsvIds(await get("?limit=10"))).toEqual(range(33, 42));
    expect(tsvIds(await get(`?last_id=${id(15)}`))).toEqual(range(16, 42));
    expect(tsvIds(await get(`?limit=5&last_id=${id(15)}`))).toEqual(range(38, 42));
    const nothingNew = await get(`?last_id=${id(42)}`);
    expect({ status: nothingNew.status, body: nothingNew.body, lastModified: nothingNew.header("Last-Modified") }).toEqual({
      status: 304, body: "", lastModified: undefined,
    });
  });

  it("direction only reorders; XML is newest first, the others oldest first; case does not matter", async () => {
    expect(xmlIds(await get("?limit=10", "xml/"))).toEqual(range(33, 42).reverse());
    expect(tsvIds(await get("?limit=10&direction=desc"))).toEqual(range(33, 42).reverse());
    expect(xmlIds(await get("?limit=10&direction=ASC", "xml/"))).toEqual(range(33, 42));
    const json = JSON.parse((await get("?limit=3", "json/")).body) as Array<{ id: number }>;
    expect(json.map((row) => row.id)).toEqual(range(40, 42));
  });

  it("clamps the limit to 100, takes ≤ 0 as the default (50), and reads last_id=-1 as everything", async () => {
    for (let n = 43; n <= 120; n++) ids.push(await post("window", `message ${n}`));
    expect(tsvIds(await get("?limit=500"))).toEqual(range(21, 120));
    expect(tsvIds(await get("?limit=0"))).toEqual(range(71, 120));
    expect(tsvIds(await get("?limit=-5"))).toEqual(range(71, 120));
    expect(tsvIds(await get("?last_id=-1&limit=3"))).toEqual(range(118, 120));
    expect(tsvIds(await get("?limit=%2B3"))).toEqual(range(118, 120));
  });

  it("ignores `last` (quteqoin sends it) and answers bad arguments with a clear 400", async () => {
    expect(tsvIds(await get("?last=5&limit=2"))).toEqual(range(119, 120));
    for (const query of ["?limit=ten", "?limit=99999999999999999999", "?last_id=abc", "?last_id=1e3", "?direction=sideways", "?table_width=wide"]) {
      const answer = await get(query, query.startsWith("?table") ? "" : "tsv/");
      expect({ query, status: answer.status, type: answer.header("Content-Type") }).toEqual({ query, status: 400, type: "text/plain; charset=utf-8" });
      expect(answer.body).toMatch(/must be|out of range/);
    }
  });

  it("pads the plain backend to table_width + 7 and clamps the width", async () => {
    const lines = (await get("?limit=2&table_width=40", "")).body.split("\n");
    expect(lines.every((line) => Array.from(line).length === 47)).toBe(true);
    const wide = (await get("?limit=1&table_width=9999", "")).body;
    expect(Array.from(wide).length).toBe(607);
  });
});

describe("conditional GET (spec §3.2)", () => {
  it("answers 304 with Last-Modified when nothing is newer than If-Modified-Since, in each HTTP date form", async () => {
    await post("off-topic", "dated");
    const first = await tribune("/tribune/off-topic/remote/xml/");
    const lastModified = first.header("Last-Modified")!;
    const again = await tribune("/tribune/off-topic/remote/xml/", { headers: { "If-Modified-Since": lastModified } });
    expect({ status: again.status, body: again.body, lastModified: again.header("Last-Modified") }).toEqual({ status: 304, body: "", lastModified });
    const seconds = Date.parse(lastModified) / 1000;
    const date = new Date(seconds * 1000);
    const rfc850 = `${date.toUTCString().slice(0, 3) === "Thu" ? "Thursday" : "Someday"}, ${lastModified.slice(5, 7)}-${lastModified.slice(8, 11)}-${lastModified.slice(14, 16)} ${lastModified.slice(17, 25)} GMT`;
    const asctime = `${lastModified.slice(0, 3)} ${lastModified.slice(8, 11)} ${String(date.getUTCDate()).padStart(2, " ")} ${lastModified.slice(17, 25)} ${date.getUTCFullYear()}`;
    expect((await tribune("/tribune/off-topic/remote/xml/", { headers: { "If-Modified-Since": asctime } })).status).toBe(304);
    expect((await tribune("/tribune/off-topic/remote/xml/", { headers: { "If-Modified-Since": rfc850.replace(/^\w+/, "Thursday") } })).status).toBe(304);
    const earlier = new Date((seconds - 1) * 1000).toUTCString();
    expect((await tribune("/tribune/off-topic/remote/xml/", { headers: { "If-Modified-Since": earlier } })).status).toBe(200);
  });

  it("ignores a malformed If-Modified-Since and gives the full answer", async () => {
    for (const value of ["yesterday", "Sat, 32 Mar 2012 16:16:13 GMT", "Sat, 17 Mar 2012 16:16:13", "\u0001"]) {
      expect((await tribune("/tribune/off-topic/remote/xml/", { headers: { "If-Modified-Since": value } })).status).toBe(200);
    }
  });

  it("a new post makes the next conditional GET a 200 again", async () => {
    await post("off-topic", "first");
    const lastModified = (await tribune("/tribune/off-topic/remote/tsv/")).header("Last-Modified")!;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const id = await post("off-topic", "second");
    const answer = await tribune("/tribune/off-topic/remote/tsv/", { headers: { "If-Modified-Since": lastModified } });
    expect(answer.status).toBe(200);
    expect(tsvIds(answer).at(-1)).toBe(id);
  });

  it("an empty board answers 304", async () => {
    expect((await tribune("/tribune/clocks/remote/xml/")).status).toBe(304);
  });
});

describe("posting (spec §4)", () => {
  it("answers an XML post without last_id with an empty 200, and with last_id the posts since", async () => {
    const first = await post("general", "one");
    const answer = await tribune("/tribune/post/xml/", { form: { content: "two", last_id: String(first) }, headers: UA });
    expect(answer.status).toBe(200);
    expect(answer.header("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(xmlIds(answer)).toEqual([Number(answer.header("X-Post-Id"))]);
    const crap = await tribune(`/tribune/crap/post.xml?last_id=${answer.header("X-Post-Id")}`, { form: { content: "three" }, headers: UA });
    expect(crap.body).toContain("\n <post id=");
    expect(xmlErrors(crap.body)).toEqual([]);
  });

  it("answers <board … /> when nothing is newer than last_id, never a 304", async () => {
    const id = await post("general", "alone");
    const answer = await tribune("/tribune/post/xml/", { form: { content: "/name Someone", last_id: String(id + 1000) }, headers: UA });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe(`<?xml version='1.0' encoding='UTF-8'?>\n<board site="http://localhost:3000" />`);
  });

  it("takes last_id from the body before the query", async () => {
    const a = await post("general", "a");
    const b = await post("general", "b");
    const answer = await tribune(`/tribune/post/tsv/?last_id=${a - 1}`, { form: { content: "c", last_id: String(b) }, headers: UA });
    expect(tsvIds(answer)).toEqual([Number(answer.header("X-Post-Id"))]);
  });

  it("answers the plain, TSV and JSON post views with their backend", async () => {
    const json = await tribune("/tribune/post/json/?limit=1", { form: { content: "json post" }, headers: UA });
    expect(JSON.parse(json.body)).toEqual([expect.objectContaining({ id: Number(json.header("X-Post-Id")), owned: true, user_agent: "olcc/2.0" })]);
    const plain = await tribune("/tribune/post/?limit=1", { form: { content: "plain post" }, headers: UA });
    expect(plain.body).toMatch(/^[0-9:]{8}\s+olcc\/2\.0\s+plain post\s+$/);
  });

  it("accepts url-encoded with a charset and multipart forms, UTF-8 throughout", async () => {
    const encoded = await tribune("/tribune/post/xml/", {
      body: "content=" + encodeURIComponent("Café ☕ <b>chaud</b>"),
      headers: { ...UA, "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
    });
    expect(encoded.status).toBe(200);
    const boundary = "----coin";
    const multipart = await tribune("/tribune/post/xml/", {
      body: `--${boundary}\r\nContent-Disposition: form-data; name="content"\r\n\r\nmultipart é\r\n--${boundary}--\r\n`,
      headers: { ...UA, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(multipart.status).toBe(200);
    const xml = await tribune("/tribune/remote/xml/?limit=2");
    expect(xml.body).toContain("<message>multipart é</message>");
    expect(xml.body).toContain("<message>Café ☕ <b>chaud</b></message>");
  });

  it.each([
    ["no content", {}, "* content: This field is required."],
    ["empty content", { content: "" }, "* content: This field is required."],
    ["white space only", { content: "  \t \n" }, "* content: This field is required."],
    ["501 characters", { content: "é".repeat(501) }, "* content: Ensure this value has at most 500 characters (it has 501)."],
  ])("refuses %s with the reference's 400 text and writes nothing", async (_, form, text) => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/?limit=5"));
    const answer = await tribune("/tribune/post/xml/", { form: form as Record<string, string>, headers: UA });
    expect({ status: answer.status, body: answer.body, type: answer.header("Content-Type"), id: answer.header("X-Post-Id") }).toEqual({
      status: 400, body: text, type: "text/plain; charset=utf-8", id: undefined,
    });
    expect(tsvIds(await tribune("/tribune/remote/tsv/?limit=5"))).toEqual(before);
  });

  it("refuses control characters in content with a 400 and writes nothing; 500 characters exactly pass", async () => {
    const answer = await tribune("/tribune/post/xml/", { form: { content: "bell \u0007 here" }, headers: UA });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/^\* content: /);
    expect(answer.header("X-Post-Id")).toBeUndefined();
    expect((await tribune("/tribune/post/xml/", { form: { content: "x".repeat(500) }, headers: UA })).status).toBe(200);
  });

  it("stores invalid UTF-8 as replacement characters, and the XML stays well-formed", async () => {
    const answer = await tribune("/tribune/post/xml/", { body: Buffer.concat([Buffer.from("content=bad%FF%FEbytes")]), headers: { ...UA, "content-type": "application/x-www-form-urlencoded" } });
    expect(answer.status).toBe(200);
    const xml = await tribune("/tribune/remote/xml/?limit=1");
    expect(xml.body).toContain("<message>bad\ufffd\ufffdbytes</message>");
    expect(xmlErrors(xml.body)).toEqual([]);
  });

  it("never merges tribune posts, and a /lastfm or /me post is text", async () => {
    const a = await post("general", "quick one");
    const b = await post("general", "quick two");
    const lastfm = await post("general", "/lastfm instant someone");
    const me = await post("general", "/me waves");
    expect(new Set([a, b, lastfm, me]).size).toBe(4);
    const tsv = (await tribune("/tribune/remote/tsv/?limit=4")).body;
    expect(tsv).toContain("\t/lastfm instant someone\n");
    expect(tsv).toContain("\t/me waves\n");
  });
});

describe("identities (spec §4.3, DESIGN tribune decisions 2–3)", () => {
  it("locked: anonymous requests get 403 The tribune is locked, and nothing is written", async () => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/?limit=3"));
    locked();
    for (const [path, call] of [
      ["/tribune/remote/xml/", {}],
      ["/tribune/", {}],
      ["/tribune/post/xml/", { form: { content: "let me in" }, headers: UA }],
      ["/tribune/clock/12:00/", {}],
    ] as const) {
      const answer = await tribune(path, call);
      expect({ path, status: answer.status, body: answer.body, type: answer.header("Content-Type") }).toEqual({
        path, status: 403, body: "The tribune is locked", type: "text/plain; charset=utf-8",
      });
    }
    open();
    expect(tsvIds(await tribune("/tribune/remote/tsv/?limit=3"))).toEqual(before);
  });

  it("locked: a session cookie, a Bearer token and HTTP Basic each read and post as the user", async () => {
    locked();
    const token = alice.split("=").slice(1).join("=");
    const ways: Array<Record<string, string>> = [{ cookie: alice }, { authorization: `Bearer ${token}` }, { authorization: basic("alice") }];
    for (const headers of ways) {
      const answer = await tribune("/tribune/post/xml/?last_id=-1&limit=1", { form: { content: "signed in" }, headers: { ...headers, ...UA } });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("<info>olcc/2.0</info><login>alice</login>");
    }
  });

  it("wrong Basic credentials or a dead Bearer token are a 401, never an anonymous post", async () => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/?limit=3"));
    const wrong = await tribune("/tribune/post/xml/", { form: { content: "guess" }, headers: { authorization: basic("alice", "nope"), ...UA } });
    expect([wrong.status, wrong.body]).toEqual([401, "Wrong username or password"]);
    expect(wrong.header("WWW-Authenticate")).toMatch(/^Basic /);
    const dead = await tribune("/tribune/remote/xml/", { headers: { authorization: "Bearer not-a-token" } });
    expect([dead.status, dead.body]).toEqual([401, "Invalid or expired token"]);
    expect(tsvIds(await tribune("/tribune/remote/tsv/?limit=3"))).toEqual(before);
  });

  it("an anonymous client is its User-Agent, coward below 3 characters, and never passes for a user", async () => {
    const named = await tribune("/tribune/post/tsv/?limit=1", { form: { content: "hi" }, headers: { "user-agent": "alice" } });
    expect(named.body.split("\t").slice(2, 4)).toEqual(["alice", ""]);
    const short = await tribune("/tribune/post/tsv/?limit=1", { form: { content: "hi" }, headers: { "user-agent": "ab" } });
    expect(short.body.split("\t")[2]).toBe("coward");
    const none = await tribune("/tribune/post/xml/?last_id=-1&limit=1", { form: { content: "hi" }, headers: {} });
    expect(none.body).toContain("<info>coward</info><login />");
    // In the web chat the post has no account behind it.
    const row = (await messages(bob, "general")).find((m) => m.id === Number(named.header("X-Post-Id")));
    expect(row).toEqual(expect.objectContaining({ sender: "", agent: "alice" }));
  });

  it("stores identities raw and escapes them once; control characters and &nbsp; are dropped, UTF-8 is read", async () => {
    const ua = Buffer.from("Coin\u0007 & <Coin>&nbsp; ☕", "utf8").toString("latin1");
    const answer = await tribune("/tribune/post/xml/?last_id=-1&limit=1", { form: { content: "escaped" }, headers: { "user-agent": ua } });
    expect(answer.body).toContain("<info>Coin &amp; &lt;Coin&gt; ☕</info>");
    expect(xmlErrors(answer.body)).toEqual([]);
    const tsv = await tribune("/tribune/remote/tsv/?limit=1");
    expect(tsv.body.split("\t")[2]).toBe("Coin & <Coin> ☕");
  });

  it("/name sets the name cookie (3 bytes or more), which then names the posts; a short one deletes it", async () => {
    const named = await tribune("/tribune/post/xml/", { form: { content: "/name Bobby Tables" }, headers: UA });
    expect([named.status, named.header("X-Post-Id")]).toEqual([200, undefined]);
    const cookie = named.headerAll("Set-Cookie").find((c) => c.startsWith("djangotribune_user-agent="))!;
    expect(cookie).toContain(`=${Buffer.from("Bobby Tables").toString("base64")};`);
    const value = cookie.split(";")[0]!;
    const answer = await tribune("/tribune/post/tsv/?limit=1", { form: { content: "as bobby" }, headers: { ...UA, cookie: value } });
    expect(answer.body.split("\t")[2]).toBe("Bobby Tables");
    const quoted = await tribune("/tribune/post/tsv/?limit=1", { form: { content: "quoted" }, headers: { ...UA, cookie: `djangotribune_user-agent="${value.split("=").slice(1).join("=")}"` } });
    expect(quoted.body.split("\t")[2]).toBe("Bobby Tables");
    const cleared = await tribune("/tribune/post/xml/", { form: { content: "/nick x" }, headers: UA });
    expect(cleared.headerAll("Set-Cookie")[0]).toMatch(/^djangotribune_user-agent=; .*Max-Age=0/);
    const garbage = await tribune("/tribune/post/tsv/?limit=1", { form: { content: "garbage cookie" }, headers: { ...UA, cookie: "djangotribune_user-agent=!!!" } });
    expect([garbage.status, garbage.body.split("\t")[2]]).toEqual([200, "olcc/2.0"]);
  });

  it("marks an anonymous client's own posts owned (through its cookie) and a user's by login", async () => {
    const first = await tribune("/tribune/post/xml/", { form: { content: "mine" }, headers: UA });
    const session = first.headerAll("Set-Cookie").find((c) => c.startsWith("tribune_session="))!.split(";")[0]!;
    const json = JSON.parse((await tribune("/tribune/remote/json/?limit=2", { headers: { cookie: session } })).body) as Array<{ id: number; owned: boolean }>;
    expect(json.find((row) => row.id === Number(first.header("X-Post-Id")))?.owned).toBe(true);
    const others = JSON.parse((await tribune("/tribune/remote/json/?limit=2")).body) as Array<{ owned: boolean }>;
    expect(others.every((row) => !row.owned)).toBe(true);
    await tribune("/tribune/post/xml/", { form: { content: "alice's" }, headers: { cookie: alice, ...UA } });
    const hers = JSON.parse((await tribune("/tribune/remote/json/?limit=1", { headers: { cookie: alice } })).body) as Array<{ owned: boolean; author__username: string }>;
    expect(hers[0]).toEqual(expect.objectContaining({ owned: true, author__username: "alice" }));
  });
});

describe("the BaK (spec §6.3, DESIGN tribune decision 7)", () => {
  let carol: string;
  const bak = async (content: string, cookie: string) => tribune("/tribune/bakroom/post/xml/", { form: { content }, headers: { cookie, ...UA } });
  const seen = async (cookie: string) => (await tribune("/tribune/bakroom/remote/tsv/", { headers: { cookie } })).body;
  const chatSeen = async (cookie: string) => (await messages(cookie, "bakroom")).map((m) => m.content).join("|");

  beforeAll(async () => {
    open();
    carol = await newUser("carol");
    await post("bakroom", "hello from Mozilla", { "user-agent": "Mozilla/5.0" });
    await post("bakroom", "spam spam http://perdu.com", { "user-agent": "Spammer/1" });
    await post("bakroom", "QUIET please", { "user-agent": "olcc/2.0" });
    await tribune("/tribune/bakroom/post/xml/", { form: { content: "bob speaking" }, headers: { cookie: bob, ...UA } });
    await post("bakroom", "anonymous called bob", { "user-agent": "bob" });
  });

  it("refuses malformed commands with the reference's texts and changes nothing", async () => {
    const cases: Array<[string, string]> = [
      ["/bak", "This action require at least one argument."],
      ["/bak  on", "This action require at least one argument."],
      ["/bak frobnicate", "Unkown option 'frobnicate' in your command action."],
      ["/bak add author", "Option 'add' require a target and a pattern."],
      ["/bak add nobody x", "Target 'nobody' is not valid'."],
      ["/bak set ua", "Option 'set' require a target, a kind and a pattern."],
      ["/bak set ua ~~ x", "Kind '~~' is not valid'."],
    ];
    for (const [content, error] of cases) {
      const answer = await bak(content, carol);
      expect({ content, status: answer.status, body: answer.body }).toEqual({ content, status: 400, body: `* content: ${error}` });
    }
    expect(await userBak("carol")).toBeNull();
  });

  it("add/del, set/remove with every kind, on/off, reset, save and load act on the backends and the web chat", async () => {
    const everything = await seen(carol);
    expect(everything.split("\n").filter(Boolean)).toHaveLength(5);

    // add author: an exact author rule; anonymous posts named like the user stay.
    expect((await bak("/bak add author bob", carol)).status).toBe(200);
    expect(await seen(carol)).not.toContain("bob speaking");
    expect(await seen(carol)).toContain("anonymous called bob");
    expect(await chatSeen(carol)).not.toContain("bob speaking");
    expect(await chatSeen(carol)).toContain("anonymous called bob");
    expect(await chatSeen(alice)).toContain("bob speaking"); // only carol's view
    expect(await seen(alice)).toContain("bob speaking");
    await bak("/bak del author bob", carol);
    expect(await seen(carol)).toContain("bob speaking");

    const kinds: Array<[string, string, string]> = [
      ["ua *= Mozi", "hello from Mozilla", "contains"],
      ["ua ^= Spam", "spam spam", "startswith"],
      ["message $= please", "QUIET please", "endswith"],
      ["message |= quiet", "QUIET please", "icontains"],
      ["message *= quiet", "", "contains is case-sensitive: nothing hidden"],
      ["ua ~= olcc/2.0", "QUIET please", "iexact"],
      ["message == bob speaking", "bob speaking", "exact"],
      ["message *= http://perdu.com", "spam spam", "a URL"],
    ];
    for (const [rule, hidden, what] of kinds) {
      const [target, kind, ...pattern] = rule.split(" ");
      expect((await bak(`/bak set ${target} ${kind} ${pattern.join(" ")}`, carol)).status).toBe(200);
      const view = await seen(carol);
      const chat = await chatSeen(carol);
      if (hidden) {
        expect({ what, shown: view.includes(hidden) }).toEqual({ what, shown: false });
        expect({ what, shown: chat.includes(hidden) }).toEqual({ what, shown: false });
      } else {
        expect(view.split("\n").filter(Boolean)).toHaveLength(5);
      }
      await bak(`/bak remove ${target} ${kind} ${pattern.join(" ")}`, carol);
      expect(await seen(carol)).toBe(everything);
    }

    // off keeps the rules, on brings them back; reset clears them (the fixed bug of §11.2 #3).
    await bak("/bak add author bob", carol);
    await bak("/bak off", carol);
    expect(await seen(carol)).toContain("bob speaking");
    expect(await chatSeen(carol)).toContain("bob speaking");
    await bak("/bak on", carol);
    expect(await seen(carol)).not.toContain("bob speaking");

    // save keeps the rules in the profile; reset clears them; load brings the saved ones back.
    await bak("/bak save", carol);
    await bak("/bak reset", carol);
    expect(await userBak("carol")).toEqual(expect.objectContaining({ rules: [] }));
    expect(await seen(carol)).toContain("bob speaking");
    await bak("/bak load", carol);
    expect(await seen(carol)).not.toContain("bob speaking");
    await bak("/bak reset", carol);
  });

  it("a BaK command is never posted and sends no X-Post-Id", async () => {
    const before = await seen(alice);
    const answer = await bak("/bak add ua Nobody", carol);
    expect([answer.status, answer.header("X-Post-Id"), answer.body]).toEqual([200, undefined, ""]);
    expect(await seen(alice)).toBe(before);
    await bak("/bak del ua Nobody", carol);
  });

  it("filtered posts do not count for Last-Modified or the 304 on nothing new", async () => {
    const id = await post("bakroom", "the newest, by a pest", { "user-agent": "Pest/1" });
    await bak("/bak set ua == Pest/1", carol);
    const answer = await tribune(`/tribune/bakroom/remote/xml/?last_id=${id - 1}`, { headers: { cookie: carol } });
    expect(answer.status).toBe(304);
    await bak("/bak reset", carol);
  });

  it("typed in the web composer, /bak is carried out for the user and never posted", async () => {
    const before = (await messages(alice, "bakroom")).length;
    const answer = await send(carol, "bakroom", "/bak add ua Spammer/1");
    expect([answer.status, await answer.text(), answer.headers.get("X-Message-Id")]).toEqual([200, "ok", null]);
    const refused = await send(carol, "bakroom", "/bak add nobody x");
    expect([refused.status, await refused.text()]).toEqual([400, "Target 'nobody' is not valid'."]);
    expect(await chatSeen(carol)).not.toContain("spam spam");
    expect(await seen(carol)).not.toContain("spam spam");
    expect((await messages(alice, "bakroom")).length).toBe(before);
    await bak("/bak reset", carol);
  });

  it("an anonymous client keeps its BaK through its session cookie; save and load do nothing for it", async () => {
    const first = await tribune("/tribune/bakroom/post/xml/", { form: { content: "/bak set message *= spam" }, headers: UA });
    const session = first.headerAll("Set-Cookie").find((c) => c.startsWith("tribune_session="))!.split(";")[0]!;
    expect(await seen(session)).not.toContain("spam spam");
    expect(await seen("")).toContain("spam spam");
    expect((await tribune("/tribune/bakroom/post/xml/", { form: { content: "/bak save" }, headers: { cookie: session } })).status).toBe(200);
  });
});

describe("the chat and the tribune are one history (DESIGN tribune decision 1)", () => {
  it("a web message is in every backend under its id; edits show, deletes leave", async () => {
    const id = await sendOk(alice, "web", "from the <b>web</b> & beyond");
    expect((await tribune("/tribune/web/remote/")).body).toMatch(/<alice> +from the <b>web<\/b> & beyond/);
    expect((await tribune("/tribune/web/remote/tsv/")).body).toContain(`${id}\t`);
    expect(JSON.parse((await tribune("/tribune/web/remote/json/")).body)).toEqual([expect.objectContaining({ id, author__username: "alice" })]);
    const xml = (await tribune("/tribune/web/remote/xml/")).body;
    expect(xml).toContain(`<post id="${id}" time="`);
    expect(xml).toContain("<info>alice</info><login>alice</login><message>from the <b>web</b> &amp; beyond</message>");
    expect((await edit(alice, id, "edited text")).status).toBe(200);
    expect((await tribune("/tribune/web/remote/tsv/")).body).toContain(`${id}\t`);
    expect((await tribune("/tribune/web/remote/tsv/")).body).toContain("\tedited text\n");
    expect((await del(alice, id)).status).toBe(200);
    expect((await tribune("/tribune/web/remote/xml/")).status).toBe(304);
  });

  it("a coincoin's post is a chat message with the same id, unread for members, mentioning them", async () => {
    const id = await post("web", "hey @bob, from a coincoin");
    const row = (await messages(bob, "web")).find((m) => m.id === id);
    expect(row).toEqual(expect.objectContaining({ sender: "", agent: "olcc/2.0", content: "hey @bob, from a coincoin", mentions: JSON.stringify(["bob"]) }));
  });
});

describe("times, the clock finder and the URL archive", () => {
  it("prints 14 local digits in the configured time zone", async () => {
    open({ time_zone: "Asia/Kolkata" });
    const id = await post("clocks", "in Kolkata");
    const line = (await tribune("/tribune/clocks/remote/tsv/")).body.split("\n").find((l) => l.startsWith(`${id}\t`))!;
    const utc = new Date();
    const local = new Date(utc.getTime() + 5.5 * 3600 * 1000);
    expect(line.split("\t")[1]!.slice(0, 10)).toBe(local.toISOString().slice(0, 13).replace(/[-T]/g, ""));
  });

  it("finds posts by their clock, answers [] when none, and 400 for a clock that is no time", async () => {
    open();
    const id = await post("clocks", "find me");
    const stamp = (await tribune("/tribune/clocks/remote/tsv/?limit=1")).body.split("\t")[1]!;
    const clock = `${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`;
    const found = await tribune(`/tribune/clocks/clock/${clock}/`);
    expect(found.status).toBe(200);
    expect((JSON.parse(found.body) as Array<{ id: number }>).map((row) => row.id)).toContain(id);
    const none = await tribune(`/tribune/clocks/clock/${stamp.slice(8, 10) === "00" ? "01" : "00"}:00:00/`);
    expect([none.status, none.body]).toEqual([200, "[]"]);
    const bad = await tribune("/tribune/clocks/clock/99:99/");
    expect([bad.status, bad.body]).toEqual([400, "Unvalid clock format, should be 00:00[:00][^1]"]);
  });

  it("archives the first five URLs of a post once each, newest first, searchable", async () => {
    await post("general", "links http://one.example/a http://two.example/b http://one.example/a");
    await post("general", "http://a.example http://b.example http://c.example http://d.example http://e.example http://f.example");
    const page = await tribune("/tribune/urls/");
    expect(page.status).toBe(200);
    expect(page.header("Content-Type")).toBe("text/html; charset=utf-8");
    expect(page.body.match(/href="http:\/\/one\.example\/a"/g)).toHaveLength(1);
    expect(page.body).toContain("http://e.example");
    expect(page.body).not.toContain("http://f.example");
    const search = await tribune("/tribune/urls/?pattern=two.example");
    expect(search.body).toContain("http://two.example/b");
    expect(search.body).not.toContain("http://one.example/a");
    expect((await tribune("/tribune/urls/?page=abc")).status).toBe(404);
  });
});

describe("the HTML board (spec §2.10)", () => {
  it("shows the newest posts with their identities escaped, and posts from its form back to the same board", async () => {
    await post("software", "<b>bold</b> & <script>alert(1)</script>", { "user-agent": "<img src=x>" });
    const page = await tribune("/tribune/software/");
    expect(page.status).toBe(200);
    expect(page.body).toContain("<b>bold</b> &#38; &#60;script&#62;alert(1)&#60;/script&#62;");
    expect(page.body).toContain('title="&lt;img src=x&gt;"');
    expect(page.body).not.toContain("<script>");
    const posted = await tribune("/tribune/software/?x=1", { form: { content: "from the board" }, headers: UA });
    expect([posted.status, posted.header("Location")]).toEqual([302, "/tribune/software/?x=1"]);
    expect(posted.header("X-Post-Id")).toMatch(/^[0-9]+$/);
    const refused = await tribune("/tribune/software/", { form: { content: " " }, headers: UA });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain("This field is required.");
  });
});

describe("hostile messages", () => {
  const CORPUS = [
    "<b>unclosed <i>tags", "</b></i></u> closers only", "a & b < c > d \" ' ", "&amp; &#38; &lt;already&gt; &bogus;",
    "ctrl \u0001\u0002\u000b\u000c\u001f chars", "http://fr.wikipedia.org/wiki/A&B<x>", "http://x.free.fr/\"><script>",
    "<code><b>in code</b></code></code>", "<m>moment", "x".repeat(500), `${"🦆".repeat(250)}`, "tab\tand\nnewline\r\nand CR",
    "]]> <![CDATA[ x ]]>", "<?xml version='1.0'?><!DOCTYPE x>", "\ud83d lone surrogate \ude00", "\ufffe\uffff nonchars",
    "<a href=\"javascript:alert(1)\">x</a>", "12:34:56¹ 2026-12-01T12:34:56 12:34@board [:totoz<]",
  ];

  beforeAll(async () => {
    open();
    for (const content of CORPUS) {
      const answer = await tribune("/tribune/hostile/post/xml/", { form: { content }, headers: { "user-agent": `Evil <agent> & "co" \u0001 ${content.slice(0, 20)}` } });
      expect([500, 502, 503]).not.toContain(answer.status);
    }
    await sendOk(alice, "hostile", "web <b>side</b> & </i> http://x.example/?a=1&b=<2>");
  });

  it("every XML answer is accepted by a strict XML 1.0 parser", async () => {
    for (const path of ["remote/xml/", "crap/remote.xml", "remote/xml/?direction=asc", "discovery.config"]) {
      const answer = await tribune(`/tribune/hostile/${path}`);
      expect(answer.status).toBe(200);
      expect({ path, errors: xmlErrors(answer.body) }).toEqual({ path, errors: [] });
    }
    const posted = await tribune("/tribune/hostile/post/xml/?last_id=-1", { form: { content: "<b>one more" }, headers: UA });
    expect(xmlErrors(posted.body)).toEqual([]);
  });

  it("every TSV line has exactly 5 fields and ends with a newline", async () => {
    const body = (await tribune("/tribune/hostile/remote/tsv/")).body;
    expect(body.endsWith("\n")).toBe(true);
    const lines = body.slice(0, -1).split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(CORPUS.length - 2);
    for (const line of lines) expect(line.split("\t")).toHaveLength(5);
  });

  it("JSON parses and plain lines keep their width", async () => {
    const json = (await tribune("/tribune/hostile/remote/json/")).body;
    expect(() => JSON.parse(json)).not.toThrow();
    const plain = (await tribune("/tribune/hostile/remote/?table_width=60")).body.split("\n");
    for (const line of plain) expect(Array.from(line).length).toBe(67);
  });
});

describe("on the wire (a real Node server, the tribune answering before anything else)", () => {
  let server: http.Server;
  let port = 0;
  let uninstall = () => {};
  beforeAll(async () => {
    open();
    // As at start-up: tribune requests are taken before the server's own handler (Next.js's, there) sees them.
    uninstall = serveBeforeNext(isTribuneRequest, serveTribune);
    server = http.createServer((_req, res) => res.writeHead(418).end("not the tribune"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    uninstall();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /**
   * One raw HTTP/1.1 exchange: the response head exactly as the bytes came, and the body. The request
   * says `Connection: close` and the socket is read until the server closes it; it is not half-closed
   * first, since Node's server aborts a half-closed request whose answer takes a round trip to the
   * database (PostgreSQL), as a client that hung up.
   */
  function raw(request: string | Buffer): Promise<{ head: string; body: string }> {
    expect(request.toString("latin1")).toContain("\r\nConnection: close\r\n");
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
      const chunks: Buffer[] = [];
      socket.on("data", (chunk) => chunks.push(chunk));
      socket.on("error", reject);
      socket.on("close", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const split = text.indexOf("\r\n\r\n");
        resolve({ head: text.slice(0, split), body: text.slice(split + 4) });
      });
    });
  }

  it("writes X-Post-Id, Last-Modified and Content-Type with exactly that casing, and remote/xml answers without the slash", async () => {
    const body = "content=" + encodeURIComponent("on the wire");
    const posted = await raw(
      `POST /tribune/post/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: wmcoincoin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(posted.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(posted.head).toMatch(/\r\nX-Post-Id: [0-9]+\r\n/);
    expect(posted.head).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    const read = await raw("GET /tribune/remote/xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(read.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(read.head).toMatch(/\r\nLast-Modified: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT\r\n/);
    expect(read.head).toMatch(/\r\nContent-Type: application\/xml; charset=utf-8\r\n/);
    expect(read.body).toContain("<message>on the wire</message>");
  });

  it("refuses a body over 64 KB with 413 and writes nothing", async () => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/?limit=3"));
    const body = "content=" + "x".repeat(70_000);
    const answer = await raw(`POST /tribune/post/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(answer.head).toMatch(/^HTTP\/1\.1 413 /);
    expect(tsvIds(await tribune("/tribune/remote/tsv/?limit=3"))).toEqual(before);
  });

  it("leaves every other path to the server's own handler, and sends the security headers", async () => {
    expect((await raw("GET /tribunes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).head).toMatch(/^HTTP\/1\.1 418 /);
    expect((await raw("GET /api/tribune HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")).head).toMatch(/^HTTP\/1\.1 418 /);
    const xml = await raw("GET /tribune/remote/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(xml.head).toContain("\r\nX-Content-Type-Options: nosniff\r\n");
    expect(xml.head).toContain("\r\nContent-Security-Policy: default-src 'none'");
    const head = await raw("HEAD /tribune/remote/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(head.head).toMatch(/^HTTP\/1\.1 405 /);
  });

  it("refuses posts a browser says another site sent (the board's form and the post views), and lets coincoins post", async () => {
    const before = tsvIds(await tribune("/tribune/remote/tsv/?limit=3"));
    const body = "content=csrf";
    const post = (path: string, extra: string) =>
      raw(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n${extra}Connection: close\r\n\r\n${body}`);
    for (const [path, extra] of [
      ["/tribune/", "Origin: https://evil.example\r\n"],
      ["/tribune/post/xml/", "Sec-Fetch-Site: cross-site\r\n"],
      ["/tribune/software/post/", "Origin: null\r\n"],
    ]) {
      const answer = await post(path!, extra!);
      expect({ path, head: answer.head.split("\r\n")[0] }).toEqual({ path, head: "HTTP/1.1 403 Forbidden" });
    }
    expect(tsvIds(await tribune("/tribune/remote/tsv/?limit=3"))).toEqual(before);
    expect((await post("/tribune/post/xml/", "Origin: http://127.0.0.1\r\n")).head).toMatch(/^HTTP\/1\.1 200 /);
    expect((await post("/tribune/post/xml/", "")).head).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("marks its cookies Secure behind TLS", async () => {
    const body = "content=" + encodeURIComponent("/name Secure Sam");
    const answer = await raw(`POST /tribune/post/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(answer.head).toMatch(/\r\nSet-Cookie: djangotribune_user-agent=[^\r]*; Secure\r\n/);
    const plain = await raw(`POST /tribune/post/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(plain.head).not.toMatch(/Secure/);
  });

  it("answers a malformed %-escape in the path with 400", async () => {
    const answer = await raw("GET /tribune/%E0%A4/remote/xml/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    expect(answer.head).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe("account deletion", () => {
  const deleteAccount = (cookie: string, type: "soft" | "hard") =>
    call(deleteAccountRoute, "/delete_account", { cookie, json: { type, password: PASSWORD } });

  it("takes the BaK with it and renames or removes the user's archived URLs; the name starts afresh", async () => {
    open();
    const dan = await newUser("dan");
    await tribune("/tribune/post/xml/", { form: { content: "dan's link http://dan.example/soft" }, headers: { cookie: dan, ...UA } });
    await tribune("/tribune/post/xml/", { form: { content: "/bak add ua olcc/2.0" }, headers: { cookie: dan, ...UA } });
    expect(await userBak("dan")).not.toBeNull();
    expect((await deleteAccount(dan, "soft")).status).toBe(200);
    expect(await userBak("dan")).toBeNull();
    const archive = (await tribune("/tribune/urls/?pattern=dan.example")).body;
    expect(archive).toContain("Deleted User");
    expect(archive).not.toMatch(/>dan</);

    const again = await newUser("dan");
    expect((await tribune("/tribune/remote/tsv/", { headers: { cookie: again } })).body).toContain("olcc/2.0");
    await tribune("/tribune/post/xml/", { form: { content: "http://dan.example/hard" }, headers: { cookie: again, ...UA } });
    expect((await deleteAccount(again, "hard")).status).toBe(200);
    expect((await tribune("/tribune/urls/?pattern=dan.example/hard")).body).not.toContain("http://dan.example/hard");
  });
});

describe("malformed requests", () => {
  const PATHS = [
    "/tribune/", "/tribune/remote/xml/", "/tribune/post/xml/", "/tribune/post/", "/tribune/clock/12:00/", "/tribune/urls/",
    "/tribune/general/post/json/", "/tribune/discovery.config", "/tribune/noscript/",
    "/tribune/..%2F..%2Fetc%2Fpasswd/remote/xml/", "/tribune/%00/remote/xml/", "/tribune/clock/99:99:99/", "/tribune/clock/:::::/",
    `/tribune/${"x".repeat(5000)}/remote/xml/`, "/tribune/remote/xml/?limit=%00&last_id=%FF&direction=%E2%80%AE",
  ];
  const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  const BODIES: Array<{ body?: Buffer; headers?: Record<string, string> }> = [
    {},
    { body: Buffer.from("content"), headers: { "content-type": "application/x-www-form-urlencoded" } },
    { body: Buffer.from("content=%"), headers: { "content-type": "application/x-www-form-urlencoded" } },
    { body: Buffer.from([0xff, 0xfe, 0x00, 0x01]), headers: { "content-type": "application/x-www-form-urlencoded" } },
    { body: Buffer.from("--x\r\nbroken"), headers: { "content-type": "multipart/form-data; boundary=x" } },
    { body: Buffer.from("content=hi"), headers: { "content-type": "multipart/form-data" } },
    { body: Buffer.from('{"content":"json?"}'), headers: { "content-type": "application/json" } },
    { headers: { "if-modified-since": "\u0000garbage", cookie: "tribune_session=../../x; djangotribune_user-agent=%%%", authorization: "Basic !!!" } },
    { headers: { authorization: "Basic " + Buffer.from("no-colon").toString("base64"), "user-agent": "\u0000\u0001" } },
  ];

  it("never answer 5xx and write nothing unless they are a valid post", async () => {
    open();
    const count = async () => (await tribune("/tribune/remote/tsv/?limit=100")).body + (await tribune("/tribune/general/remote/tsv/?limit=100")).body;
    for (const path of PATHS) {
      for (const method of METHODS) {
        for (const { body, headers } of BODIES) {
          const before = await count();
          const answer = await tribune(path, { method, body, headers: { ...headers } });
          expect({ path, method, status: answer.status < 500 }).toEqual({ path, method, status: true });
          if (answer.status !== 200 && answer.status !== 302) expect({ path, method, same: (await count()) === before }).toEqual({ path, method, same: true });
        }
      }
    }
  });
});

describe("limits and abuse (review of the first version)", () => {
  beforeAll(() => open());

  it("a BaK pattern is at most 255 characters and a reader keeps at most 100 rules", async () => {
    const erin = await newUser("erin");
    const long = await tribune("/tribune/post/xml/", { form: { content: `/bak set message |= ${"a".repeat(256)}` }, headers: { cookie: erin, ...UA } });
    expect([long.status, long.body]).toEqual([400, "* content: Pattern is too long (255 characters at most)."]);
    const web = await send(erin, "general", `/bak add message ${"b".repeat(300)}`);
    expect([web.status, await web.text()]).toEqual([400, "Pattern is too long (255 characters at most)."]);
    // Ten at once: none lost.
    await Promise.all(Array.from({ length: 10 }, (_, n) => tribune("/tribune/post/xml/", { form: { content: `/bak add message spam${n}` }, headers: { cookie: erin, ...UA } })));
    expect((await userBak("erin"))?.rules).toHaveLength(10);
    for (let n = 10; n < 100; n++) await tribune("/tribune/post/xml/", { form: { content: `/bak add message spam${n}` }, headers: { cookie: erin, ...UA } });
    const over = await tribune("/tribune/post/xml/", { form: { content: "/bak add message one too many" }, headers: { cookie: erin, ...UA } });
    expect([over.status, over.body]).toEqual([400, "* content: Too many rules (100 at most): remove some first."]);
    expect((await tribune("/tribune/post/xml/", { form: { content: "/bak reset" }, headers: { cookie: erin, ...UA } })).status).toBe(200);
  });

  it("a page of the web chat thinned out by the BaK is filled from older messages, so older history stays reachable", async () => {
    const fern = await newUser("fern");
    for (let n = 1; n <= 10; n++) await sendOk(n % 2 ? alice : bob, "clocks", `page ${n}`);
    await send(fern, "clocks", "/bak add author bob");
    const res = await call(messagesRoute, "/messages/clocks?after=0&limit=4", { cookie: fern }, { channel: "clocks" });
    const page = (await res.json()) as Array<{ content: string; sender: string }>;
    expect(page).toHaveLength(4);
    expect(page.map((m) => m.content).filter((c) => c.startsWith("page "))).toEqual(["page 3", "page 5", "page 7", "page 9"]);
    expect(page.every((m) => m.sender !== "bob")).toBe(true);
    await send(fern, "clocks", "/bak reset");
  });

  it("in the plain backend an anonymous identity cannot look like a user's <login>; bidi controls are dropped", async () => {
    await post("off-topic", "i am alice", { "user-agent": "<alice>" });
    expect((await tribune("/tribune/off-topic/remote/?limit=1")).body).toMatch(/^[0-9:]{8} +alice +i am alice/);
    await post("off-topic", "reversed?", { "user-agent": Buffer.from("\u202eecila", "utf8").toString("latin1") });
    expect((await tribune("/tribune/off-topic/remote/tsv/?limit=1")).body.split("\t")[2]).toBe("ecila");
  });

  it("shows at most 10,000 characters of one message in the plain backend; TSV carries it whole", async () => {
    await sendOk(alice, "off-topic", "w".repeat(20_000));
    const plain = (await tribune("/tribune/off-topic/remote/?limit=1")).body;
    expect(plain.replace(/[^w]/g, "").length).toBe(9_999);
    expect(plain).toContain("…");
    expect((await tribune("/tribune/off-topic/remote/tsv/?limit=1")).body).toContain("w".repeat(20_000));
  });

  it("an anonymous post may name people but not page @everyone", async () => {
    const id = await post("general", "@everyone wake up, @bob too");
    const row = (await messages(bob, "general")).find((m) => m.id === id);
    expect(row?.mentions).toBe(JSON.stringify(["bob"]));
    const theirs = await sendOk(alice, "general", "@everyone from alice");
    expect((await messages(bob, "general")).find((m) => m.id === theirs)?.mentions).toBe(JSON.stringify(["@everyone"]));
  });

  it("a deleted message's URLs leave the URL archive", async () => {
    const id = await sendOk(alice, "general", "secret http://private.example/token=abc");
    await tribune("/tribune/post/xml/", { form: { content: "public http://public.example/ok" }, headers: UA });
    // Web messages are not archived (only tribune posts are); post it from a coincoin as alice too.
    const posted = await tribune("/tribune/post/xml/", { form: { content: "secret http://private.example/token=xyz" }, headers: { cookie: alice, ...UA } });
    expect((await tribune("/tribune/urls/?pattern=private.example")).body).toContain("token=xyz");
    expect((await del(alice, Number(posted.header("X-Post-Id")))).status).toBe(200);
    const page = (await tribune("/tribune/urls/?pattern=example")).body;
    expect(page).not.toContain("token=xyz");
    expect(page).toContain("http://public.example/ok");
    expect(id).toBeGreaterThan(0);
  });

  it("guest sessions are made for clients that keep cookies and reused, not one per request", async () => {
    const first = await tribune("/tribune/post/xml/", { form: { content: "guest one" }, headers: UA });
    const cookie = first.headerAll("Set-Cookie").find((c) => c.startsWith("tribune_session="))!.split(";")[0]!;
    const again = await tribune("/tribune/post/xml/", { form: { content: "guest two" }, headers: { ...UA, cookie } });
    expect(again.headerAll("Set-Cookie")).toEqual([]);
  });
});
