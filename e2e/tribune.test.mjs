// The tribune on the real wire, against the production server: the raw HTTP/1.1 answers strict coincoins
// read (header names byte for byte, no redirect for either slash form, 304s), every URL in both slash forms,
// a locked tribune (anonymous off) with HTTP Basic, and in the browser a coincoin's post arriving in the open
// channel under its agent, then a norloge to it jumping to it.
// Run with its own build: MINIMOST_BUILD_DIR=.next-wire node --test e2e/tribune.test.mjs
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { composer, launchBrowser, logInInBrowser, screenshot, startServer, watchPage } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const ENV = { PASSWORD_SCRYPT_N: "1024" };
// The tribune's clock is not the browser's (see the browser test's time zone): norloges must be read on the tribune's.
const TRIBUNE_TIME_ZONE = "Europe/Paris";
const BROWSER_TIME_ZONE = "America/New_York";
const settingsWith = (anonymous) => ({
  channels: ["general", "software"],
  login_failure_delay_seconds: 0,
  tribune: { anonymous, time_zone: TRIBUNE_TIME_ZONE },
});

let server;
let browser;
const consoleErrors = [];

before(async () => {
  server = await startServer({ env: ENV, settings: settingsWith(true) });
  const res = await fetch(`${server.base}/api/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "alice", password: PASSWORD, confirm_password: PASSWORD }),
  });
  assert.equal(res.status, 200, await res.clone().text());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * One request written byte for byte on a new socket (`Connection: close`), read to the end: the status
 * line and header lines exactly as the server wrote them, and the body.
 */
function rawExchange(method, path, headers = [], body = "") {
  const url = new URL(server.base);
  const payload = Buffer.from(body, "utf8");
  const lines = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${url.host}`,
    ...headers,
    ...(method === "POST" ? [`Content-Length: ${payload.length}`] : []),
    "Connection: close",
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error(`${method} ${path}: no complete answer in 30 s`)));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error(`${method} ${path}: no header block in ${JSON.stringify(text.slice(0, 200))}`));
      const [status, ...head] = text.slice(0, split).split("\r\n");
      resolve({ status, head, body: text.slice(split + 4) });
    });
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (payload.length) socket.write(payload);
  });
}

/** The value of the header line written exactly as `Name: `, or undefined (a differently cased name does not count). */
const exactHeader = (head, name) => head.find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);

/** One request through node:http (which never follows redirects): status, lower-cased headers and body. */
function request(method, path, { headers = {}, form } = {}) {
  const url = new URL(server.base);
  const body = form ? Buffer.from(new URLSearchParams(form).toString()) : null;
  const all = { ...headers, ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(body.length) } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: all }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

describe("the raw HTTP/1.1 wire", () => {
  it("answers a post to /tribune/post/xml (no slash) with 200 and `X-Post-Id:` and `Content-Type:` as written", async () => {
    const answer = await rawExchange(
      "POST",
      "/tribune/post/xml",
      ["User-Agent: wmcoincoin/2.6", "Content-Type: application/x-www-form-urlencoded"],
      "content=" + encodeURIComponent("plop from a strict client"),
    );
    assert.equal(answer.status, "HTTP/1.1 200 OK", answer.head.join("\n"));
    assert.match(exactHeader(answer.head, "X-Post-Id") ?? "", /^[1-9][0-9]*$/, `an X-Post-Id line in:\n${answer.head.join("\n")}`);
    assert.notEqual(exactHeader(answer.head, "Content-Type"), undefined, `a Content-Type line in:\n${answer.head.join("\n")}`);
    assert.equal(answer.body, "", "the XML post view without last_id answers an empty body");
  });

  it("serves /tribune/remote/xml (no slash) directly with `Last-Modified:`, then 304 for it as If-Modified-Since", async () => {
    const answer = await rawExchange("GET", "/tribune/remote/xml", ["User-Agent: wmcoincoin/2.6"]);
    assert.equal(answer.status, "HTTP/1.1 200 OK", answer.head.join("\n"));
    assert.equal(exactHeader(answer.head, "Content-Type"), "application/xml; charset=utf-8", answer.head.join("\n"));
    const lastModified = exactHeader(answer.head, "Last-Modified");
    assert.match(lastModified ?? "", /^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$/, answer.head.join("\n"));
    assert.match(answer.body, /^<\?xml version='1\.0' encoding='UTF-8'\?>\n<board site="[^"]*"><post id="[0-9]+" time="[0-9]{14}">/);
    assert.match(answer.body, /<message>plop from a strict client<\/message>/);

    const again = await rawExchange("GET", "/tribune/remote/xml", ["User-Agent: wmcoincoin/2.6", `If-Modified-Since: ${lastModified}`]);
    assert.equal(again.status, "HTTP/1.1 304 Not Modified", again.head.join("\n"));
    assert.equal(again.body, "");
  });
});

describe("every tribune URL in both slash forms", () => {
  // [view, content type]; each is requested as `view/` and `view` under every board prefix.
  const POST_VIEWS = [
    ["post", "text/plain; charset=utf-8"],
    ["post/tsv", "text/tab-separated-values; charset=utf-8"],
    ["post/json", "application/json; charset=utf-8"],
    ["post/xml", "text/plain; charset=utf-8"], // empty without last_id
    ["crap/post.xml", "text/plain; charset=utf-8"],
  ];
  const GET_VIEWS = [
    ["remote", "text/plain; charset=utf-8"],
    ["remote/tsv", "text/tab-separated-values; charset=utf-8"],
    ["remote/json", "application/json; charset=utf-8"],
    ["remote/xml", "application/xml; charset=utf-8"],
    ["crap/remote.xml", "application/xml; charset=utf-8"],
    ["discovery.config", "application/xml; charset=utf-8"],
    ["clock/12:00:00", "application/json; charset=utf-8"],
    ["noscript", "text/html"],
  ];
  // The default board, the first channel by its name, and a second public channel.
  const BOARDS = ["/tribune/", "/tribune/general/", "/tribune/software/"];
  const bothForms = (path) => [`${path}/`, path];

  it("posts through every post view, answered 200 with an X-Post-Id and no redirect", async () => {
    const failures = [];
    for (const board of BOARDS) {
      for (const [view, type] of POST_VIEWS) {
        for (const path of bothForms(board + view)) {
          const res = await request("POST", path, { headers: { "User-Agent": "quteqoin/0.9" }, form: { content: `posted to ${path}` } });
          const problem =
            res.status !== 200 ? `status ${res.status} (${res.headers.location ?? res.body.slice(0, 120)})`
            : !/^[0-9]+$/.test(res.headers["x-post-id"] ?? "") ? "no X-Post-Id"
            : !(res.headers["content-type"] ?? "").startsWith(type) ? `Content-Type ${res.headers["content-type"]}`
            : null;
          if (problem) failures.push(`POST ${path}: ${problem}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("serves every backend, the board pages, discovery and the clock finder directly", async () => {
    const cases = [];
    for (const board of BOARDS) {
      for (const [view, type] of GET_VIEWS) for (const path of bothForms(board + view)) cases.push([path, type]);
      // The board itself: `/tribune/` and `/tribune`, `/tribune/software/` and `/tribune/software`.
      for (const path of bothForms(board.slice(0, -1))) cases.push([path, "text/html"]);
    }
    for (const path of bothForms("/tribune/urls")) cases.push([path, "text/html"]); // the default board only
    const failures = [];
    for (const [path, type] of cases) {
      const res = await request("GET", path, { headers: { "User-Agent": "quteqoin/0.9" } });
      if (res.status !== 200) failures.push(`GET ${path}: status ${res.status} (${res.headers.location ?? res.body.slice(0, 120)})`);
      else if (!(res.headers["content-type"] ?? "").startsWith(type)) failures.push(`GET ${path}: Content-Type ${res.headers["content-type"]}`);
    }
    assert.deepEqual(failures, []);
    // Each board shows its own posts: a channel's post stays on its channel.
    const software = await request("GET", "/tribune/software/remote/tsv");
    assert.match(software.body, /\tposted to \/tribune\/software\/post\/tsv\n/);
    assert.doesNotMatch(software.body, /posted to \/tribune\/post/);
  });
});

/** `n` in superscript digits, as a norloge's index is written (`12:34:56²`). */
const superscript = (n) => [...String(n)].map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");

/** Posts as an anonymous coincoin would, with Node's fetch; answers the new post's id. */
async function coincoinPost(agent, content) {
  const res = await fetch(`${server.base}/tribune/post/xml`, {
    method: "POST",
    headers: { "User-Agent": agent, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ content }),
  });
  assert.equal(res.status, 200, await res.text());
  const id = Number(res.headers.get("x-post-id"));
  assert.ok(id > 0, "an X-Post-Id");
  return id;
}

/** Whether message `id` is wholly inside the message list's visible area (run in the page). */
function rowInView(id) {
  const row = document.getElementById(`msg-${id}`)?.getBoundingClientRect();
  const list = document.querySelector("[data-testid='message-list']")?.getBoundingClientRect();
  return !!row && !!list && row.top >= list.top && row.bottom <= list.bottom;
}

describe("a coincoin beside the web chat", () => {
  it("shows an anonymous post in the open channel under its agent, and a norloge to it jumps to it", async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1280, height: 800 }, timezoneId: BROWSER_TIME_ZONE });
    context.on("page", (p) => watchPage(p, consoleErrors));
    const page = await context.newPage();
    await logInInBrowser(page, server.base, "alice", PASSWORD);
    await page.getByTestId("channel-title").getByText("# general").waitFor();

    // The post arrives in the open channel by itself, under the coincoin's agent and a guest badge.
    const target = await coincoinPost("olcc/2.0", "plop from olcc, coin ! coin !");
    const row = page.locator(`#msg-${target}`);
    await row.waitFor({ timeout: 5000 });
    await row.getByText("plop from olcc, coin ! coin !").waitFor();
    await row.getByText("olcc/2.0", { exact: true }).waitFor();
    assert.equal((await row.locator("[data-guest]").textContent())?.trim(), "guest");
    await screenshot(page, "tribune-guest-post");

    // Enough later posts that the target leaves the screen.
    let last = target;
    for (let n = 1; n <= 40; n++) last = await coincoinPost("gb3/1.0", `filler ${n} from another coincoin`);
    await page.locator(`#msg-${last}`).waitFor({ timeout: 10_000 });

    // The target's clock as coincoins read it: field 2 of the TSV backend, 14 digits in the tribune's time zone.
    // Posts sharing that second are told apart by an index (oldest first).
    const tsv = await request("GET", "/tribune/remote/tsv/?limit=100");
    assert.equal(tsv.status, 200);
    const lines = tsv.body.trimEnd().split("\n").map((line) => line.split("\t"));
    const stamp = lines.find(([id]) => Number(id) === target)?.[1];
    assert.match(stamp ?? "", /^[0-9]{14}$/);
    const sameSecond = lines.filter(([, time]) => time === stamp).map(([id]) => Number(id)).sort((a, b) => a - b);
    const clock = `${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`;
    const norloge = sameSecond.length > 1 ? clock + superscript(sameSecond.indexOf(target) + 1) : clock;

    await composer(page).fill(`${norloge} olcc a raison`);
    await composer(page).press("Enter");
    const reference = page.locator(`[data-testid='message-list'] [data-norloge="${norloge}"]`);
    await reference.waitFor({ timeout: 5000 });
    assert.equal(await reference.getAttribute("data-norloge-targets"), String(target), `${norloge} points at the olcc post`);
    assert.equal(await page.evaluate(rowInView, target), false, "the target starts off screen");
    await screenshot(page, "tribune-norloge-reference");

    // Pointing at it marks the target; clicking brings it into view and flashes it.
    await reference.hover();
    await page.locator(`#msg-${target}[data-norloge-target]`).waitFor({ state: "attached", timeout: 2000 });
    await reference.click();
    await page.locator(`#msg-${target}[data-flash]`).waitFor({ state: "attached", timeout: 2000 });
    await page.waitForFunction(rowInView, target, { timeout: 2000 });

    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [[1280, 800], [375, 740]]) {
        await page.setViewportSize({ width, height });
        await reference.click(); // flashes again, so the picture shows it
        await page.locator(`#msg-${target}[data-flash]`).waitFor({ state: "attached", timeout: 2000 });
        await screenshot(page, `tribune-norloge-${scheme}-${width}`);
        // A flash still running when the theme changes would fade between the two themes' colours.
        await page.locator(`#msg-${target}[data-flash]`).waitFor({ state: "detached", timeout: 5000 });
      }
    }
    await context.close();
    assert.deepEqual(consoleErrors, [], "nothing in the browser console");
  });
});

describe("a locked tribune (anonymous off)", () => {
  const basic = `Basic ${Buffer.from(`alice:${PASSWORD}`).toString("base64")}`;

  before(async () => {
    // The same data, restarted with anonymous posting off.
    await server.stop({ keepDir: true });
    const { dir } = server;
    server = null;
    server = await startServer({ env: ENV, settings: settingsWith(false), dir });
  });

  it("refuses anonymous clients with 403 `The tribune is locked`, reading or posting, and writes nothing", async () => {
    const postsBefore = (await request("GET", "/tribune/remote/tsv/", { headers: { Authorization: basic } })).body;
    const read = await request("GET", "/tribune/remote/xml/", { headers: { "User-Agent": "olcc/2.0" } });
    assert.equal(read.status, 403);
    assert.match(read.headers["content-type"] ?? "", /^text\/plain/);
    assert.equal(read.body, "The tribune is locked");
    const post = await request("POST", "/tribune/post/xml/", { headers: { "User-Agent": "olcc/2.0" }, form: { content: "let me in" } });
    assert.equal(post.status, 403);
    assert.equal(post.body, "The tribune is locked");
    const postsAfter = (await request("GET", "/tribune/remote/tsv/", { headers: { Authorization: basic } })).body;
    assert.equal(postsAfter, postsBefore);
  });

  it("serves a registered user over HTTP Basic, and their post carries their login", async () => {
    const read = await request("GET", "/tribune/remote/xml/", { headers: { Authorization: basic, "User-Agent": "olcc/2.0" } });
    assert.equal(read.status, 200, read.body);
    assert.match(read.body, /<message>plop from olcc, coin ! coin !<\/message>/);
    const post = await request("POST", "/tribune/post/xml/", { headers: { Authorization: basic, "User-Agent": "olcc/2.0" }, form: { content: "signed in through Basic" } });
    assert.equal(post.status, 200, post.body);
    const id = post.headers["x-post-id"];
    assert.match(id ?? "", /^[0-9]+$/);
    const board = await request("GET", "/tribune/remote/xml/", { headers: { Authorization: basic } });
    assert.match(board.body, new RegExp(`<post id="${id}" time="[0-9]{14}"><info>olcc/2\\.0</info><login>alice</login><message>signed in through Basic</message></post>`));
  });
});
