// Crash safety against the real server: a SIGKILL of the whole server while 200 sends are in flight
// loses, duplicates or half-delivers none of the acknowledged messages (DESIGN.md, port decision 2).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import { apiCall, sendBurstAndKill, signUpApi, startServer } from "./harness.mjs";

const SETTINGS = { channels: ["general", "software"], login_failure_delay_seconds: 0, merge_window_seconds: 0 };
const ENV = { PASSWORD_SCRYPT_N: "1024" };
const USERS = ["alice", "bob", "carol", "dave", "erin"];
const DM = "dm:carol:dave";
const SENDS = 200;
/** The server is killed as soon as this many sends have been acknowledged. */
const KILL_AFTER_ACKS = 70;

const servers = new Set();
let keptDir = null;

after(async () => {
  for (const server of servers) await server.stop().catch(() => {});
  if (keptDir) fs.rmSync(keptDir, { recursive: true, force: true });
});

async function start(options = {}) {
  const server = await startServer({ settings: SETTINGS, env: ENV, detached: true, ...options });
  servers.add(server);
  return server;
}

/** Opens a message file read-only; the server must be stopped. */
function openReadOnly(file) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

describe("crash safety", () => {
  it("keeps every acknowledged send exactly once in every recipient's file across a SIGKILL mid-fan-out", async (t) => {
    const started = Date.now();
    const first = await start();
    keptDir = first.dir;
    const tokens = {};
    for (const user of USERS) tokens[user] = await signUpApi(first, user);

    const created = await apiCall(first, tokens.alice, "POST", "/private_channels/create", { name: "crash-room", members: ["bob", "carol"] });
    assert.equal(created.status, 200, await created.clone().text());
    const room = await created.json();
    assert.equal(room.channel, `private:${room.id}`);
    assert.equal(room.name, "crash-room");
    const PRIVATE = room.channel;

    const recipientsOf = { general: USERS, [DM]: ["carol", "dave"], [PRIVATE]: ["alice", "bob", "carol"] };
    const channels = Object.keys(recipientsOf);
    // Senders take turns over the three channels; each send has a text nobody else sends.
    const { acknowledged, failures } = await sendBurstAndKill(first, tokens, recipientsOf, {
      sends: SENDS,
      killAfter: KILL_AFTER_ACKS,
      text: (i, sender, channel) => `crash ${i} from ${sender} in ${channel}`,
    });
    servers.delete(first);

    assert.deepEqual(failures, [], "no send was refused before the kill");
    assert.ok(acknowledged.length >= KILL_AFTER_ACKS, `at least ${KILL_AFTER_ACKS} sends acknowledged (${acknowledged.length})`);
    assert.ok(acknowledged.length < SENDS, `the kill interrupted sends in flight (${acknowledged.length}/${SENDS} acknowledged)`);
    for (const ack of acknowledged) assert.ok(Number.isSafeInteger(ack.id) && ack.id > 0, `message id ${ack.id}`);
    assert.equal(new Set(acknowledged.map((a) => a.id)).size, acknowledged.length, "every acknowledgement names its own id");
    for (const channel of channels) {
      assert.ok(acknowledged.some((a) => a.channel === channel), `some sends to ${channel} were acknowledged before the kill`);
    }

    const sharedDb = path.join(first.dataDir, "shared.db");
    const pendingAtKill = (() => {
      const shared = openReadOnly(sharedDb);
      try {
        return shared.prepare('SELECT COUNT(*) AS n FROM "FanoutJournal"').get().n;
      } finally {
        shared.close();
      }
    })();
    t.diagnostic(`${acknowledged.length}/${SENDS} acknowledged before the kill; ${pendingAtKill} deliveries journaled and unfinished at the kill`);

    // Start-up replays the journal.
    const second = await start({ dir: first.dir });
    {
      const shared = openReadOnly(sharedDb);
      try {
        assert.equal(shared.prepare('SELECT COUNT(*) AS n FROM "FanoutJournal"').get().n, 0, "start-up finished every journaled delivery");
      } finally {
        shared.close();
      }
    }

    // Through the API: every recipient sees every acknowledged message once, as sent.
    for (const channel of channels) {
      for (const user of recipientsOf[channel]) {
        const res = await apiCall(second, tokens[user], "GET", `/messages/${channel}?after=0`);
        assert.equal(res.status, 200, `${user} reads ${channel} after the restart: ${await res.clone().text()}`);
        const rows = await res.json();
        const seen = new Map();
        for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
        for (const [id, count] of seen) assert.equal(count, 1, `${user} sees message ${id} of ${channel} ${count} times`);
        for (const ack of acknowledged.filter((a) => a.channel === channel)) {
          const row = rows.find((r) => r.id === ack.id);
          assert.ok(row, `${user} sees acknowledged message ${ack.id} ("${ack.text}") in ${channel}`);
          assert.equal(row.content, ack.text);
          assert.equal(row.sender, ack.sender);
          assert.equal(row.channel, channel);
          assert.equal(row.deleted, 0);
        }
        // Besides system notices (the welcome in general), only the messages sent to this channel.
        for (const row of rows.filter((r) => r.content_type !== "system")) {
          assert.match(row.content, new RegExp(`^crash \\d+ from ${row.sender} in ${channel}$`), `unexpected message ${row.id} in ${channel}`);
        }
      }
    }
    // Nothing half-delivered: whatever a recipient sees of the crash, every other recipient sees too.
    const everyRows = {};
    for (const channel of channels) {
      const lists = [];
      for (const user of recipientsOf[channel]) {
        const rows = await (await apiCall(second, tokens[user], "GET", `/messages/${channel}?after=0`)).json();
        lists.push(rows.map((r) => `${r.id}|${r.sender}|${r.content}`).sort());
      }
      for (const list of lists.slice(1)) assert.deepEqual(list, lists[0], `every recipient of ${channel} sees the same messages`);
      everyRows[channel] = lists[0];
    }
    const allIds = Object.values(everyRows).flat().map((r) => Number(r.split("|")[0]));
    assert.equal(new Set(allIds).size, allIds.length, "no id is used by two messages");
    // An outsider cannot read the DM or the private channel.
    assert.equal((await apiCall(second, tokens.alice, "GET", `/messages/${DM}?after=0`)).status, 403);
    assert.equal((await apiCall(second, tokens.dave, "GET", `/messages/${PRIVATE}?after=0`)).status, 403);

    await second.stop({ keepDir: true });
    servers.delete(second);

    // In the files themselves.
    const dataDir = second.dataDir;
    const userFiles = Object.fromEntries(USERS.map((u) => [u, path.join(dataDir, "users", `${u.toLowerCase()}.db`)]));
    const archiveFile = path.join(dataDir, "channels", "general.db");
    const files = { ...Object.fromEntries(Object.entries(userFiles).map(([u, f]) => [`users/${u}`, f])), "channels/general": archiveFile };
    const contents = {};
    for (const [name, file] of Object.entries(files)) {
      assert.ok(fs.existsSync(file), `${name}.db exists`);
      const db = openReadOnly(file);
      try {
        contents[name] = db.prepare("SELECT id, channel, sender, content, deleted FROM messages").all();
        const dupes = db.prepare("SELECT id, COUNT(*) AS n FROM messages GROUP BY id HAVING n > 1").all();
        assert.deepEqual(dupes, [], `no id twice in ${name}.db`);
      } finally {
        db.close();
      }
    }
    const byId = new Map();
    for (const [name, rows] of Object.entries(contents)) {
      for (const row of rows) {
        const key = `${row.channel}|${row.sender}|${row.content}`;
        const known = byId.get(row.id);
        if (known) assert.equal(key, known, `id ${row.id} means the same message in ${name}.db as elsewhere`);
        else byId.set(row.id, key);
      }
    }
    for (const ack of acknowledged) {
      const holders = recipientsOf[ack.channel].map((u) => `users/${u}`);
      if (ack.channel === "general") holders.push("channels/general");
      for (const name of holders) {
        const copies = contents[name].filter((r) => r.id === ack.id);
        assert.equal(copies.length, 1, `message ${ack.id} (${ack.channel}) is in ${name}.db exactly once`);
        assert.equal(copies[0].content, ack.text);
        assert.equal(copies[0].sender, ack.sender);
        assert.equal(copies[0].channel, ack.channel);
      }
      const outsiders = USERS.filter((u) => !recipientsOf[ack.channel].includes(u));
      for (const outsider of outsiders) {
        assert.equal(contents[`users/${outsider}`].filter((r) => r.id === ack.id).length, 0, `message ${ack.id} is not in ${outsider}'s file`);
      }
    }
    // Every message of the crash that reached any copy reached all of them (acknowledged or not).
    for (const channel of channels) {
      const holders = channel === "general" ? [...USERS.map((u) => `users/${u}`), "channels/general"] : recipientsOf[channel].map((u) => `users/${u}`);
      const ids = holders.map((h) => contents[h].filter((r) => r.channel === channel).map((r) => r.id).sort((a, b) => a - b));
      for (let k = 1; k < ids.length; k++) assert.deepEqual(ids[k], ids[0], `${holders[k]}.db and ${holders[0]}.db hold the same ${channel} messages`);
    }
    const shared = openReadOnly(sharedDb);
    try {
      assert.equal(shared.prepare('SELECT COUNT(*) AS n FROM "FanoutJournal"').get().n, 0, "the fan-out journal is empty after the restart");
    } finally {
      shared.close();
    }
    t.diagnostic(`crash test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
