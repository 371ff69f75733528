// A two-user journey over plain HTTP against the real production server (no browser): DMs, replies,
// edits, reactions, deletion, read state and receipts, search, private channels, account deletion.
// The steps build on each other and run in order.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServer } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const DM = "dm:alice:bob";
let server;
const tokens = {};

before(async () => {
  server = await startServer({
    settings: { channels: ["general", "software"], login_failure_delay_seconds: 0, merge_window_seconds: 0 },
    env: { PASSWORD_SCRYPT_N: "1024" },
  });
});

after(async () => {
  await server?.stop();
});

/** A request as `user` (Bearer token); a URLSearchParams body is sent as a form, an object as JSON. */
function call(user, method, route, body) {
  const headers = user ? { Authorization: `Bearer ${tokens[user]}` } : {};
  let payload;
  if (body instanceof URLSearchParams) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  return fetch(`${server.base}${route}`, { method, headers, body: payload, redirect: "manual" });
}

async function ok(res, status = 200) {
  const text = await res.text();
  assert.equal(res.status, status, `${res.url}: ${res.status} ${text}`);
  return text;
}

async function getJson(user, route) {
  const res = await call(user, "GET", route);
  return JSON.parse(await ok(res));
}

async function signUp(username) {
  const res = await call(null, "POST", "/api/signup", { username, password: PASSWORD, confirm_password: PASSWORD });
  const body = JSON.parse(await ok(res));
  assert.equal(body.username, username);
  assert.equal(typeof body.token, "string");
  tokens[username] = body.token;
}

/** Sends and answers the new message's id. */
async function send(user, channel, text, replyTo) {
  const form = new URLSearchParams({ text });
  if (replyTo !== undefined) form.set("reply_to_id", String(replyTo));
  const res = await call(user, "POST", `/send/${channel}`, form);
  assert.equal(await ok(res), "ok");
  const id = Number(res.headers.get("X-Message-Id"));
  assert.ok(Number.isSafeInteger(id) && id > 0, `X-Message-Id of a send: ${res.headers.get("X-Message-Id")}`);
  return id;
}

const messages = (user, channel) => getJson(user, `/messages/${channel}?after=0`);
const byId = (rows, id) => rows.find((r) => r.id === id);
/** A receipt key: the message's ts as Python's str(float) prints it. */
const receiptKey = (ts) => (Number.isInteger(ts) ? ts.toFixed(1) : String(ts));

describe("API journey", () => {
  const ids = {};

  it("alice and bob sign up; alice's DM shows up as unread for bob", async () => {
    await signUp("alice");
    await signUp("bob");
    assert.deepEqual(await getJson("alice", "/users"), ["bob"]);

    ids.hello = await send("alice", DM, "Hello bob, the build is green");
    assert.deepEqual(await getJson("bob", "/unread_count"), { count: 1 });
    const dms = await getJson("bob", "/dms");
    assert.deepEqual(dms, [{ channel: DM, users: ["alice"], unread: 1 }]);
    assert.deepEqual(await getJson("alice", "/unread_count"), { count: 0 }, "her own message is not unread for alice");

    const rows = await messages("bob", DM);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].id, ids.hello);
    assert.equal(rows[0].sender, "alice");
    assert.equal(rows[0].content, "Hello bob, the build is green");
    assert.equal(rows[0].edited, 0);
    assert.equal(rows[0].deleted, 0);
  });

  it("bob replies, alice edits, bob reacts", async () => {
    ids.reply = await send("bob", DM, "Great news, thanks!", ids.hello);
    const aliceView = await messages("alice", DM);
    assert.deepEqual(aliceView.map((r) => r.id), [ids.hello, ids.reply]);
    const reply = byId(aliceView, ids.reply);
    assert.equal(reply.sender, "bob");
    assert.equal(reply.reply_to_id, ids.hello);
    assert.equal(reply.content, "Great news, thanks!");
    assert.deepEqual(await getJson("alice", "/unread_count"), { count: 1 }, "bob's reply is unread for alice");

    const edit = await call("alice", "POST", `/edit/${ids.hello}`, new URLSearchParams({ text: "Hello bob, the build is green and deployed" }));
    assert.equal(await ok(edit), "ok");
    const edited = byId(await messages("bob", DM), ids.hello);
    assert.equal(edited.edited, 1);
    assert.equal(edited.content, "Hello bob, the build is green and deployed");
    assert.equal(typeof edited.edited_ts, "number");

    const forged = await call("bob", "POST", `/edit/${ids.hello}`, new URLSearchParams({ text: "bob was here" }));
    assert.equal(forged.status, 403, "bob cannot edit alice's message");
    await forged.text();
    assert.equal(byId(await messages("alice", DM), ids.hello).content, "Hello bob, the build is green and deployed");

    const react = await call("bob", "POST", `/react/${ids.hello}`, new URLSearchParams({ reaction: "thumbsup" }));
    assert.deepEqual(JSON.parse(await ok(react)), { thumbsup: ["bob"] });
    const reacted = byId(await messages("alice", DM), ids.hello);
    assert.deepEqual(JSON.parse(reacted.reactions), { thumbsup: ["bob"] }, "alice sees bob's reaction");
  });

  it("alice deletes a message and bob sees a tombstone", async () => {
    ids.oops = await send("alice", DM, "oops, wrong window: secret plans");
    assert.equal(byId(await messages("bob", DM), ids.oops).content, "oops, wrong window: secret plans");
    const del = await call("alice", "POST", `/delete/${ids.oops}`);
    assert.equal(await ok(del), "ok");
    const tomb = byId(await messages("bob", DM), ids.oops);
    assert.equal(tomb.deleted, 1);
    assert.equal(tomb.content, "");
    assert.equal(typeof tomb.deleted_ts, "number");
    const one = await getJson("bob", `/message/${ids.oops}`);
    assert.equal(one.deleted, 1);
    assert.equal(one.content, "", "a tombstone is redacted everywhere");
    const hits = await getJson("bob", `/search_messages?q=${encodeURIComponent("secret plans")}`);
    assert.deepEqual(hits, [], "a deleted message is not found by search");
  });

  it("bob marks the DM read: counts drop to 0 and alice sees the receipt", async () => {
    const mark = await call("bob", "POST", `/mark_read/${DM}`);
    assert.equal(mark.status, 204);
    assert.equal(await mark.text(), "");
    assert.deepEqual(await getJson("bob", "/unread_count"), { count: 0 });
    assert.deepEqual(await getJson("bob", "/dms"), [{ channel: DM, users: ["alice"], unread: 0 }]);

    const hello = byId(await messages("alice", DM), ids.hello);
    const receipts = await getJson("alice", `/read_receipts/${DM}`);
    assert.deepEqual(receipts[receiptKey(hello.ts)], ["bob"], `bob's receipt for alice's message: ${JSON.stringify(receipts)}`);
    for (const readers of Object.values(receipts)) assert.deepEqual(readers, ["bob"], "only bob has read anything");
  });

  it("search finds alice's (edited) text for bob", async () => {
    const hits = await getJson("bob", `/search_messages?q=${encodeURIComponent("green and deployed")}`);
    assert.equal(hits.length, 1, JSON.stringify(hits));
    assert.equal(hits[0].id, ids.hello);
    assert.equal(hits[0].sender, "alice");
    assert.equal(hits[0].channel, DM);
    assert.equal(hits[0].content, "Hello bob, the build is green and deployed");
    const byFrom = await getJson("bob", "/search_messages?from=alice");
    assert.deepEqual(byFrom.map((h) => h.id), [ids.hello], "from=alice lists her live message only");
  });

  it("private channel: create, add a member, leave, with system messages and access control", async () => {
    await signUp("carol");
    const created = await call("alice", "POST", "/private_channels/create", { name: "launch", members: ["bob"] });
    const room = JSON.parse(await ok(created));
    assert.equal(room.channel, `private:${room.id}`);
    assert.equal(room.name, "launch");
    ids.room = room.channel;
    ids.roomId = room.id;

    const listed = await getJson("bob", "/private_channels");
    assert.equal(listed.length, 1);
    assert.equal(listed[0].channel, room.channel);
    assert.equal(listed[0].name, "launch");
    assert.deepEqual([...listed[0].members].sort(), ["alice", "bob"]);
    assert.equal((await call("carol", "GET", `/messages/${room.channel}?after=0`)).status, 403, "carol is not a member yet");
    assert.deepEqual(await getJson("carol", "/private_channels"), []);

    ids.beforeCarol = await send("bob", room.channel, "before carol joined");
    const add = await call("alice", "POST", `/private_channels/${room.id}/add_member`, { username: "carol" });
    assert.equal(await ok(add), "ok");
    const again = await call("alice", "POST", `/private_channels/${room.id}/add_member`, { username: "carol" });
    assert.equal(again.status, 409);
    assert.equal(await again.text(), "already a member");

    for (const user of ["alice", "bob", "carol"]) {
      const rows = await messages(user, room.channel);
      const notice = rows.find((r) => r.content === "alice added carol to this channel");
      assert.ok(notice, `${user} sees "alice added carol to this channel": ${JSON.stringify(rows.map((r) => r.content))}`);
      assert.equal(notice.content_type, "system");
    }
    const carolView = await messages("carol", room.channel);
    assert.equal(byId(carolView, ids.beforeCarol), undefined, "a new member gets no earlier history");
    assert.deepEqual(
      (await getJson("carol", `/private_channels/${room.id}/members`)).map((m) => m.username).sort(),
      ["alice", "bob", "carol"],
    );

    ids.carolInRoom = await send("carol", room.channel, "hi all, carol here");
    ids.carolInGeneral = await send("carol", "general", "carol says hello to general");
    assert.equal(byId(await messages("alice", room.channel), ids.carolInRoom).sender, "carol");

    const leave = await call("carol", "POST", `/private_channels/${room.id}/leave`);
    assert.equal(await ok(leave), "ok");
    for (const user of ["alice", "bob"]) {
      const rows = await messages(user, room.channel);
      const notice = rows.find((r) => r.content === "carol has left the channel");
      assert.ok(notice, `${user} sees "carol has left the channel"`);
      assert.equal(notice.content_type, "system");
    }
    const locked = await call("carol", "GET", `/messages/${room.channel}?after=0`);
    assert.equal(locked.status, 403, "carol cannot read the channel she left");
    await locked.text();
    const locked2 = await call("carol", "POST", `/send/${room.channel}`, new URLSearchParams({ text: "still here?" }));
    assert.equal(locked2.status, 403, "nor write to it");
    await locked2.text();
    assert.deepEqual(await getJson("carol", "/private_channels"), []);
    assert.deepEqual(
      (await getJson("alice", `/private_channels/${room.id}/members`)).map((m) => m.username).sort(),
      ["alice", "bob"],
    );
  });

  it("soft deletion: carol's messages show as Deleted User and her token stops working", async () => {
    const wrong = await call("carol", "POST", "/delete_account", { type: "soft", password: "Wrong-passw0rd" });
    assert.equal(wrong.status, 403);
    assert.deepEqual(await wrong.json(), { error: "Incorrect password." });

    const res = await call("carol", "POST", "/delete_account", { type: "soft", password: PASSWORD });
    assert.deepEqual(JSON.parse(await ok(res)), { status: "ok" });

    const roomRow = byId(await messages("alice", ids.room), ids.carolInRoom);
    assert.equal(roomRow.sender, "Deleted User");
    assert.equal(roomRow.content, "hi all, carol here", "a soft deletion keeps the text");
    for (const user of ["alice", "bob"]) {
      const row = byId(await messages(user, "general"), ids.carolInGeneral);
      assert.ok(row, `${user} still sees carol's general message`);
      assert.equal(row.sender, "Deleted User");
      assert.equal(row.content, "carol says hello to general");
    }
    assert.ok(!(await getJson("alice", "/users")).includes("carol"), "carol is no longer a user");

    for (const route of ["/unread_count", "/messages/general?after=0", "/users"]) {
      const gone = await call("carol", "GET", route);
      assert.equal(gone.status, 401, `carol's old token on ${route}`);
      assert.deepEqual(await gone.json(), { error: "unauthorized" });
    }
    const post = await call("carol", "POST", "/send/general", new URLSearchParams({ text: "ghost" }));
    assert.equal(post.status, 401);
    await post.text();
    assert.ok(!(await messages("alice", "general")).some((r) => r.content === "ghost"));
  });

  it("hard deletion of another user removes their messages from others' views", async () => {
    await signUp("dave");
    const unreadBefore = (await getJson("alice", "/unread_count")).count;
    const daveGeneral = await send("dave", "general", "dave's announcement in general");
    const daveDm = await send("dave", "dm:alice:dave", "dave's private note to alice");
    const aliceReply = await send("alice", "dm:alice:dave", "thanks dave", daveDm);
    assert.ok(byId(await messages("bob", "general"), daveGeneral), "bob sees dave's message before the deletion");
    assert.ok(byId(await messages("alice", "dm:alice:dave"), daveDm));
    assert.equal((await getJson("alice", "/unread_count")).count, unreadBefore + 1, "dave's DM is unread for alice");

    const res = await call("dave", "POST", "/delete_account", { type: "hard", password: PASSWORD });
    assert.deepEqual(JSON.parse(await ok(res)), { status: "ok" });

    for (const user of ["alice", "bob"]) {
      const general = await messages(user, "general");
      assert.equal(byId(general, daveGeneral), undefined, `${user} no longer sees dave's general message`);
      assert.ok(!general.some((r) => r.sender === "dave"), `${user} sees nothing from dave in general`);
      const hits = await getJson(user, `/search_messages?q=${encodeURIComponent("announcement")}`);
      assert.deepEqual(hits, [], `${user}'s search no longer finds dave's message`);
    }
    const dm = await messages("alice", "dm:alice:dave");
    assert.equal(byId(dm, daveDm), undefined, "alice no longer sees dave's DM");
    assert.ok(byId(dm, aliceReply), "alice's own reply stays");
    assert.deepEqual(await getJson("alice", "/unread_count"), { count: unreadBefore }, "nothing of dave's is left unread");
    const gone = await call("dave", "GET", "/unread_count");
    assert.equal(gone.status, 401);
    await gone.text();

    // Everything earlier in the journey is untouched.
    const bobDm = await messages("bob", DM);
    assert.equal(byId(bobDm, ids.hello).content, "Hello bob, the build is green and deployed");
    assert.equal(byId(bobDm, ids.reply).sender, "bob");
    assert.equal(byId(await messages("alice", "general"), ids.carolInGeneral).sender, "Deleted User");
  });
});
