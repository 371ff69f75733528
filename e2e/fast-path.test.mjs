// The two-door test (issue 13): every hot read is asked once through the fast path (lib/http/fast-path.ts,
// answering before Next.js) and once through Next.js's own router, on one production server with the same
// data, and the two answers must be the same bytes: status, headers (names, case, order and values, but
// Date, Connection, Keep-Alive and Transfer-Encoding) and body. The server runs with MINIMOST_FAST_PATH_TEST=1,
// under which `X-MiniMost-Door: next` sends a request through Next.js and the fast path marks its answers
// `X-MiniMost-Door: fast` (so the test knows each door really answered; that mark is left out of the
// comparison, and a server without the variable neither honours nor sends it).
// Run alone with its own build: MINIMOST_BUILD_DIR=.next-fast node --test e2e/fast-path.test.mjs
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { startServer } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const IGNORED = new Set(["date", "connection", "keep-alive", "transfer-encoding", "x-minimost-door"]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

let server;
const tokens = {};
let privateChannel;
let dm;
let latestTs = 0;

/** One request, answering status, the raw header list (as sent, in order) and the body's bytes. */
function exchange(method, path, headers = {}, body) {
  return new Promise((resolve, reject) => {
    const url = new URL(server.base);
    const req = http.request({ agent, host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function post(path, user, { form, json } = {}) {
  const headers = { Authorization: `Bearer ${tokens[user]}` };
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  } else if (json) {
    body = JSON.stringify(json);
    headers["Content-Type"] = "application/json";
  }
  const res = await exchange("POST", path, headers, body);
  assert.ok(res.status < 300, `${path}: ${res.status} ${res.body}`);
  return res;
}

const door = (res) => {
  const at = res.rawHeaders.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === "x-minimost-door");
  return at < 0 ? null : res.rawHeaders[at + 1];
};

/** The header pairs a client sees, in order, minus the hop-by-hop and time ones. */
const comparable = (raw) => {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) if (!IGNORED.has(raw[i].toLowerCase())) out.push(`${raw[i]}: ${raw[i + 1]}`);
  return out;
};

/** Asks `path` through both doors and asserts the same answer; answers the fast one. */
async function bothDoors(method, path, headers = {}) {
  const fast = await exchange(method, path, headers);
  const viaNext = await exchange(method, path, { ...headers, "X-MiniMost-Door": "next" });
  const label = `${method} ${path}`;
  assert.equal(door(fast), "fast", `${label}: answered by the fast path`);
  assert.equal(door(viaNext), null, `${label}: answered by Next.js`);
  assert.equal(fast.status, viaNext.status, `${label}: status`);
  assert.deepEqual(comparable(fast.rawHeaders), comparable(viaNext.rawHeaders), `${label}: headers`);
  assert.equal(fast.body.toString("hex"), viaNext.body.toString("hex"), `${label}: body (${fast.body.toString("utf8").slice(0, 200)})`);
  return fast;
}

const bearer = (user) => ({ Authorization: `Bearer ${tokens[user]}` });
const cookie = (user) => ({ Cookie: `theme=dark; next-auth.session-token=${tokens[user]}` });

before(async () => {
  server = await startServer({
    settings: { channels: ["general", "software"], login_failure_delay_seconds: 0, boards: { boards: ["tech", "random"], thread_cooldown_seconds: 0, reply_cooldown_seconds: 0 } },
    env: { PASSWORD_SCRYPT_N: "1024", MINIMOST_FAST_PATH_TEST: "1" },
  });
  for (const user of ["alice", "bob", "carol"]) {
    const res = await exchange("POST", "/api/signup", { "Content-Type": "application/json" }, JSON.stringify({ username: user, password: PASSWORD, confirm_password: PASSWORD }));
    assert.equal(res.status, 200, res.body.toString());
    tokens[user] = JSON.parse(res.body.toString()).token;
  }
  const sent = await post("/send/general", "alice", { form: { text: "hello @bob, see https://example.com and `code`" } });
  const id = sent.rawHeaders[sent.rawHeaders.findIndex((h) => h.toLowerCase() === "x-message-id") + 1];
  await post(`/react/${id}`, "bob", { form: { reaction: "thumbsup" } });
  await post("/send/software", "bob", { form: { text: "a build log\nwith two lines ✓" } });
  dm = "dm:alice:bob";
  await post(`/send/${dm}`, "bob", { form: { text: "just for you" } });
  const created = await post("/private_channels/create", "alice", { json: { name: "secret plans", members: ["bob"] } });
  privateChannel = JSON.parse(created.body.toString()).channel;
  await post(`/send/${encodeURIComponent(privateChannel)}`, "alice", { form: { text: "only alice and bob" } });
  const rows = JSON.parse((await exchange("GET", "/messages/general?after=0", bearer("alice"))).body.toString());
  latestTs = Math.max(...rows.map((r) => Math.max(r.ts, r.edited_ts ?? 0, r.reactions_ts ?? 0, r.deleted_ts ?? 0)));
});

after(async () => {
  agent.destroy();
  await server?.stop();
});

describe("the hot reads answer the same through both doors", () => {
  it("GET /messages/<channel>: full, empty poll, limit and before, DMs and private channels, encoded names", async () => {
    for (const query of ["after=0", `after=${latestTs}`, "after=0&limit=1", `before=${latestTs}&limit=5`, "after=NaN", "", "after=0&after=5"]) {
      await bothDoors("GET", `/messages/general${query ? `?${query}` : ""}`, bearer("alice"));
    }
    await bothDoors("GET", "/messages/software?after=0", cookie("bob"));
    await bothDoors("GET", `/messages/${dm}?after=0`, bearer("bob"));
    await bothDoors("GET", "/messages/dm:BOB:alice?after=0", bearer("alice")); // any spelling of the DM
    await bothDoors("GET", `/messages/${encodeURIComponent(privateChannel)}?after=0`, bearer("bob"));
    await bothDoors("GET", `/messages/${privateChannel}?after=0`, bearer("alice"));
    await bothDoors("GET", "/messages/g%65neral?after=0", bearer("alice"));
    const empty = await bothDoors("GET", `/messages/general?after=${latestTs}`, bearer("carol"));
    assert.equal(empty.body.toString(), "[]");
  });

  it("the sidebar polls: /channel_unreads, /unread_count, /dms, /private_channels, /online_users", async () => {
    for (const user of ["alice", "bob", "carol"]) {
      for (const path of ["/channel_unreads", "/unread_count", "/dms", "/private_channels", "/online_users"]) {
        await bothDoors("GET", path, bearer(user));
      }
    }
    await bothDoors("GET", "/channel_unreads", cookie("carol"));
    await bothDoors("GET", "/channel_unreads?ignored=1", bearer("carol"));
  });

  it("GET /typing/<channel> while someone types", async () => {
    await post("/typing/general", "bob");
    const typing = await bothDoors("GET", "/typing/general", bearer("alice"));
    assert.match(typing.body.toString(), /bob/);
    await bothDoors("GET", "/typing/software", bearer("alice"));
    await bothDoors("GET", `/typing/${encodeURIComponent(privateChannel)}`, bearer("bob"));
  });

  it("GET /search_messages with every filter", async () => {
    for (const query of ["q=hello", "q=two%20lines", "q=plans&channel=general", "q=just&from=bob", "q=o&start=0&end=9999999999", "q=zzz", "start=abc&end=&q=%20", "q="]) {
      await bothDoors("GET", `/search_messages?${query}`, bearer("alice"));
    }
  });

  it("HEAD answers the GET's status and headers with no body", async () => {
    for (const path of ["/channel_unreads", `/messages/general?after=${latestTs}`, "/unread_count", "/search_messages?q=hello"]) {
      const res = await bothDoors("HEAD", path, bearer("alice"));
      assert.equal(res.status, 200);
      assert.equal(res.body.length, 0);
    }
    await bothDoors("HEAD", "/dms");
  });

  it("errors: 401 anonymous or with a dead token, 403 someone else's channel, 400 bad query, 404 channel", async () => {
    for (const path of ["/messages/general?after=0", "/channel_unreads", "/unread_count", "/dms", "/private_channels", "/typing/general", "/online_users", "/search_messages?q=x", "/events"]) {
      const res = await bothDoors("GET", path);
      assert.equal(res.status, 401, path);
      await bothDoors("GET", path, { Authorization: "Bearer not-a-token" });
    }
    assert.equal((await bothDoors("GET", `/messages/${encodeURIComponent(privateChannel)}?after=0`, bearer("carol"))).status, 403);
    assert.equal((await bothDoors("GET", `/messages/${dm}?after=0`, bearer("carol"))).status, 403);
    assert.equal((await bothDoors("GET", "/messages/nowhere?limit=abc", bearer("carol"))).status, 403);
    assert.equal((await bothDoors("GET", "/typing/private:999", bearer("carol"))).status, 403);
    for (const query of ["limit=abc", "limit=0&before=x", "limit=1001", "limit=5&before=%20", "before=soon"]) {
      assert.equal((await bothDoors("GET", `/messages/general?${query}`, bearer("alice"))).status, 400, query);
    }
    assert.equal((await bothDoors("GET", `/messages/${"x".repeat(1025)}`, bearer("alice"))).status, 404);
    assert.equal((await bothDoors("GET", `/typing/${"y".repeat(600)}`, bearer("alice"))).status, 404);
  });

  it("the boards' polls: boards.json, a board's threads.json, a thread's posts (since an id), and their 404s", async () => {
    const made = await exchange("POST", "/boards/tech/new", { ...bearer("alice"), Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" }, "title=Fast+doors&content=first+post");
    assert.equal(made.status, 201, made.body.toString());
    const thread = JSON.parse(made.body.toString()).thread.id;
    await exchange("POST", `/boards/tech/${thread}/reply`, { ...bearer("bob"), Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" }, "content=%3E%3E1+a+reply");
    for (const headers of [{}, bearer("alice")]) {
      await bothDoors("GET", "/boards/boards.json", headers);
      for (const query of ["", "?q=fast", "?page=2", "?page=abc", "?q=%25"]) await bothDoors("GET", `/boards/tech/threads.json${query}`, headers);
      for (const query of ["", "?after=0", `?after=${thread}`, "?after=x"]) await bothDoors("GET", `/boards/tech/${thread}/posts${query}`, headers);
    }
    assert.equal((await bothDoors("GET", `/boards/random/${thread}/posts`)).status, 404); // another board's thread
    assert.equal((await bothDoors("GET", "/boards/nowhere/threads.json")).status, 404);
    assert.equal((await bothDoors("GET", "/boards/tech/abc/posts")).status, 404);
    // Folders of their own beside [board]: left to Next.js.
    for (const path of ["/boards/media/threads.json", "/boards/boards/threads.json", "/boards/reports/threads.json", "/boards/media/1/posts"]) {
      assert.equal(door(await exchange("GET", path)), null, path);
    }
  });

  it("leaves to Next.js what is not a hot read: other methods, odd paths, unknown paths", async () => {
    for (const [method, path] of [
      ["GET", "/channel_unreads/"],
      ["GET", "/messages"],
      ["GET", "/messages/general/extra"],
      ["GET", "/messages/%E0%A4%A"],
      ["GET", "/messages/a%2Fb"],
      ["GET", "/Channel_Unreads"],
      ["OPTIONS", "/channel_unreads"],
      ["GET", "/channels"],
    ]) {
      const res = await exchange(method, path, bearer("alice"));
      assert.equal(door(res), null, `${method} ${path} went through Next.js (${res.status})`);
    }
    const typed = await exchange("POST", "/typing/general", bearer("alice"));
    assert.equal(typed.status, 204);
    assert.equal(door(typed), null);
    const rsc = await exchange("GET", "/channel_unreads", { ...bearer("alice"), RSC: "1" });
    assert.equal(door(rsc), null);
  });
});

/** Opens /events, reads the head and the first chunk, then leaves. */
function firstEventChunk(headers) {
  return new Promise((resolve, reject) => {
    const url = new URL(server.base);
    const req = http.request({ host: url.hostname, port: url.port, path: "/events", headers }, (res) => {
      res.once("data", (chunk) => {
        resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, chunk: chunk.toString("utf8") });
        req.destroy();
      });
      res.on("error", () => {});
    });
    req.on("error", (err) => (err.code === "ECONNRESET" ? undefined : reject(err)));
    req.end();
  });
}

describe("the event stream through both doors", () => {
  it("answers the same head and first chunk, then streams a change to the fast door's listener", async () => {
    const fast = await firstEventChunk(bearer("alice"));
    const viaNext = await firstEventChunk({ ...bearer("alice"), "X-MiniMost-Door": "next" });
    assert.equal(door(fast), "fast");
    assert.equal(door(viaNext), null);
    assert.equal(fast.status, 200);
    assert.equal(fast.status, viaNext.status);
    assert.deepEqual(comparable(fast.rawHeaders), comparable(viaNext.rawHeaders));
    assert.equal(fast.chunk, viaNext.chunk);
    assert.match(fast.chunk, /^retry: 2000\n: connected\n\n/);

    // A change reaches a listener of the fast door while it is open.
    const url = new URL(server.base);
    const change = new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: "/events", headers: bearer("bob") }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
          if (text.includes("event: change")) {
            resolve(text);
            req.destroy();
          } else if (text.includes(": connected")) {
            void post("/send/general", "alice", { form: { text: "a change for bob" } });
          }
        });
        res.on("error", () => {});
      });
      req.on("error", (err) => (err.code === "ECONNRESET" ? undefined : reject(err)));
      req.end();
    });
    assert.match(await change, /event: change\ndata: \{[^\n]*"channel":"general"/);
  });
});
