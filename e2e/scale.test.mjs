// Two production instances over one PostgreSQL, one Redis and one S3 server (issue 14): what one instance
// does, the other sees at once, and a SIGKILL of one in the middle of 200 sends loses, duplicates or
// half-delivers none of the acknowledged messages. The instances have separate data and upload folders,
// so nothing can pass between them through the disk.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { sharedEngines } from "./engines.mjs";
import { apiCall, sendBurstAndKill, signUpApi, startServer } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const SETTINGS = { channels: ["general", "software"], login_failure_delay_seconds: 0, merge_window_seconds: 0 };
const SENDS = 200;
const KILL_AFTER_ACKS = 70;

const servers = new Set();
let engines = null;
let env = null;

before(async () => {
  engines = await sharedEngines("scale");
  env = { ...engines.env, PASSWORD_SCRYPT_N: "1024" };
});

after(async () => {
  for (const server of servers) await server.stop().catch(() => {});
  await engines?.close();
});

async function start() {
  const server = await startServer({ settings: SETTINGS, env, detached: true });
  servers.add(server);
  return server;
}

async function logIn(server, username) {
  const res = await fetch(`${server.base}/api/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(res.status, 200, `login of ${username}: ${await res.clone().text()}`);
  return (await res.json()).token;
}

async function messages(server, token, channel) {
  const res = await apiCall(server, token, "GET", `/messages/${encodeURIComponent(channel)}?after=0`);
  assert.equal(res.status, 200, `messages of ${channel}: ${await res.clone().text()}`);
  return res.json();
}

/** Opens `/events` and answers a function that waits for a change notice matching `test`. */
async function listen(server, token) {
  const controller = new AbortController();
  const res = await apiCall(server, token, "GET", "/events", undefined);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events = [];
  const waiters = new Set();
  let buffer = "";
  (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = chunk.split("\n").find((line) => line.startsWith("data: "));
          if (!chunk.startsWith("event: change") || !data) continue;
          const event = JSON.parse(data.slice(6));
          events.push(event);
          for (const waiter of waiters) waiter();
        }
      }
    } catch {
      // closed
    }
  })();
  return {
    events,
    close: () => {
      controller.abort();
      reader.cancel().catch(() => {});
    },
    async waitFor(test, ms = 5000) {
      const deadline = Date.now() + ms;
      while (!events.some(test)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no matching change notice within ${ms} ms; got ${JSON.stringify(events)}`);
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, left);
          const waiter = () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve();
          };
          waiters.add(waiter);
        });
      }
    },
  };
}

describe("two instances over PostgreSQL, Redis and S3", () => {
  let one;
  let two;
  const tokens = {};

  it("start side by side and share accounts", async () => {
    one = await start();
    two = await start();
    for (const user of ["alice", "bob", "carol", "dave"]) tokens[user] = await signUpApi(one, user);
    // A session minted by instance 1 is honoured by instance 2.
    const me = await apiCall(two, tokens.bob, "GET", "/channels");
    assert.equal(me.status, 200);
    for (const server of [one, two]) {
      const ready = await fetch(`${server.base}/readyz`);
      assert.equal(ready.status, 200, await ready.clone().text());
    }
  });

  it("a message sent through instance 1 reaches an /events listener on instance 2 and its /messages", async () => {
    const stream = await listen(two, tokens.bob);
    try {
      const sent = await apiCall(one, tokens.alice, "POST", "/send/general", new URLSearchParams({ text: "hello from one" }));
      assert.equal(sent.status, 200, await sent.clone().text());
      const id = Number(sent.headers.get("X-Message-Id"));
      await stream.waitFor((event) => event.kind === "messages" && event.channel === "general");
      const rows = await messages(two, tokens.bob, "general");
      const row = rows.find((r) => r.id === id);
      assert.ok(row, "instance 2 serves the message");
      assert.equal(row.content, "hello from one");
      assert.equal(row.sender, "alice");
    } finally {
      stream.close();
    }
  });

  it("an upload through instance 1 is served by instance 2, ranges included", async () => {
    const bytes = crypto.randomBytes(50_000);
    const form = new FormData();
    form.append("text", "");
    form.append("files", new Blob([bytes], { type: "application/octet-stream" }), "report.bin");
    const sent = await apiCall(one, tokens.alice, "POST", "/send/general", form);
    assert.equal(sent.status, 200, await sent.clone().text());
    const rows = await messages(two, tokens.bob, "general");
    const file = rows.find((r) => r.filename?.endsWith("_report.bin"));
    assert.ok(file, `the attachment's row is served by instance 2: ${JSON.stringify(rows.slice(-2))}`);
    const whole = await apiCall(two, tokens.bob, "GET", `/files/${encodeURIComponent(file.filename)}`);
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);
    const part = await fetch(`${two.base}/files/${encodeURIComponent(file.filename)}`, {
      headers: { Authorization: `Bearer ${tokens.bob}`, Range: "bytes=100-199" },
    });
    assert.equal(part.status, 206);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 200));
    // Still behind the access checks: without a session, nothing.
    assert.equal((await fetch(`${two.base}/files/${encodeURIComponent(file.filename)}`)).status, 401);
  });

  it("a logout on instance 1 is refused on instance 2 at once", async () => {
    const token = await logIn(one, "carol");
    assert.equal((await apiCall(two, token, "GET", "/channels")).status, 200, "the fresh session works on 2 (and is cached there)");
    const out = await apiCall(one, token, "POST", "/logout");
    assert.ok([200, 302].includes(out.status), `logout answered ${out.status}`);
    assert.equal((await apiCall(two, token, "GET", "/channels")).status, 401, "instance 2 refuses the ended session");
    assert.equal((await apiCall(two, tokens.carol, "GET", "/channels")).status, 200, "carol's other session still works");
  });

  it("leaving a private channel on instance 1 is enforced on instance 2 at once", async () => {
    const created = await apiCall(one, tokens.alice, "POST", "/private_channels/create", { name: "plans", members: ["bob", "carol"] });
    assert.equal(created.status, 200, await created.clone().text());
    const room = await created.json();
    // Instance 2 learns carol's membership (and caches it).
    assert.equal((await apiCall(two, tokens.carol, "GET", `/messages/${room.channel}?after=0`)).status, 200);
    assert.equal((await apiCall(one, tokens.carol, "POST", `/private_channels/${room.id}/leave`)).status, 200);
    assert.equal((await apiCall(two, tokens.carol, "GET", `/messages/${room.channel}?after=0`)).status, 403, "instance 2 refuses at once");
    const send = await apiCall(two, tokens.carol, "POST", `/send/${room.channel}`, new URLSearchParams({ text: "still here?" }));
    assert.equal(send.status, 403);
  });

  it("a SIGKILL of instance 1 amid 200 concurrent sends leaves every acknowledged message once in every copy", async (t) => {
    const users = ["alice", "bob", "carol", "dave"];
    const dm = "dm:alice:bob";
    const recipientsOf = { general: users, [dm]: ["alice", "bob"] };
    const channels = Object.keys(recipientsOf);
    const { acknowledged, failures } = await sendBurstAndKill(one, tokens, recipientsOf, {
      sends: SENDS,
      killAfter: KILL_AFTER_ACKS,
      text: (i, sender) => `burst ${i} from ${sender}`,
    });
    servers.delete(one);
    assert.deepEqual(failures, []);
    assert.ok(acknowledged.length >= KILL_AFTER_ACKS && acknowledged.length < SENDS, `${acknowledged.length}/${SENDS} acknowledged before the kill`);
    t.diagnostic(`${acknowledged.length}/${SENDS} acknowledged before the kill`);

    // Instance 2, still running, serves all of it.
    const seenBy = {};
    for (const channel of channels) {
      for (const user of recipientsOf[channel]) {
        const rows = (await messages(two, tokens[user], channel)).filter((r) => r.content.startsWith("burst "));
        const ids = rows.map((r) => r.id);
        assert.equal(new Set(ids).size, ids.length, `${user} sees no message of ${channel} twice`);
        for (const ack of acknowledged.filter((a) => a.channel === channel)) {
          const row = rows.find((r) => r.id === ack.id);
          assert.ok(row, `${user} sees acknowledged message ${ack.id} in ${channel}`);
          assert.equal(row.content, ack.text);
          assert.equal(row.sender, ack.sender);
        }
        seenBy[`${channel}|${user}`] = rows.map((r) => r.id).sort((a, b) => a - b);
      }
    }
    // Nothing half-delivered: every recipient of a channel sees the same set.
    for (const channel of channels) {
      const lists = recipientsOf[channel].map((user) => seenBy[`${channel}|${user}`]);
      for (const list of lists.slice(1)) assert.deepEqual(list, lists[0], `every recipient of ${channel} sees the same messages`);
    }
  });
});
