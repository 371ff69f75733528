// Personal access tokens (issue 15): created once-shown, listed without secrets, used as Bearer on every
// route and the tribune, read-only, revoked, expired, of a deleted account, malformed, in a query string.
import { DELETE as revokeRoute } from "@/app/(chat)/tokens/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/(chat)/tokens/route";
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { GET as presenceRoute } from "@/app/(chat)/online_users/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { tokenUsesSettled } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { bus } from "@/lib/events";
import { messageStore } from "@/lib/messages";
import { expectJson, messages, send } from "./helpers/chat";
import { eventually } from "./helpers/eventually";
import { call, newUser, PASSWORD, type RequestOptions } from "./helpers/http";
import { tribune } from "./helpers/tribune";

interface Created {
  id: string;
  name: string;
  created: number;
  last_used: number | null;
  expires: number | null;
  read_only: boolean;
  token: string;
}

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("tokalice");
  bob = await newUser("tokbob");
});
afterEach(async () => {
  await messageStore().settled();
  await tokenUsesSettled(); // a token's lastUsedAt is written after its request answered
});

const bearer = (token: string): RequestOptions => ({ headers: { authorization: `Bearer ${token}` } });

async function createToken(cookie: string, body: Record<string, unknown>): Promise<Created> {
  const res = await call(createRoute, "/tokens", { cookie, json: body });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

const listTokens = async (options: RequestOptions) => {
  const res = await call(listRoute, "/tokens", options);
  expect(res.status).toBe(200);
  return (await res.json()) as Omit<Created, "token">[];
};

const channelsWith = (token: string) => call(channelsRoute, "/channels", bearer(token));

describe("POST /tokens and GET /tokens", () => {
  it("shows the token once at creation and lists it newest first, never with its secret", async () => {
    const first = await createToken(alice, { name: "ci" });
    const second = await createToken(alice, { name: "monitoring", read_only: true, expires_in_days: 30 });
    expect(first).toEqual({ id: expect.stringMatching(/^[a-z0-9]{12}$/), name: "ci", created: expect.any(Number), last_used: null, expires: null, read_only: false, token: expect.any(String) });
    expect(first.token).toMatch(new RegExp(`^mmp_${first.id}_[A-Za-z0-9_-]{32,}$`));
    expect(second.expires! - second.created).toBeCloseTo(30 * 86_400, 0);
    const listed = await listTokens({ cookie: alice });
    const { token: _first, ...firstInfo } = first;
    const { token: _second, ...secondInfo } = second;
    expect(listed.slice(0, 2)).toEqual([secondInfo, firstInfo]);
    expect(JSON.stringify(listed)).not.toContain(first.token.slice(17));
    // Stored hashed: the secret appears nowhere in the database row.
    const row = await db().accessToken.findUnique({ where: { id: first.id } });
    expect(JSON.stringify(row)).not.toContain(first.token.slice(17));
    // Bob sees none of Alice's tokens.
    expect((await listTokens({ cookie: bob })).map((t) => t.id)).not.toContain(first.id);
  });

  it.each([
    ["no name", {}, "name is required"],
    ["a blank name", { name: "   " }, "name is required"],
    ["a name of 65 characters", { name: "x".repeat(65) }, "name must be at most 64 characters"],
    ["read_only as a string", { name: "a", read_only: "yes" }, "read_only must be true or false"],
    ["an expiry of 0 days", { name: "a", expires_in_days: 0 }, "expires_in_days must be a whole number of days from 1 to 3650"],
    ["an expiry of 3651 days", { name: "a", expires_in_days: 3651 }, "expires_in_days must be a whole number of days from 1 to 3650"],
    ["an expiry of 1.5 days", { name: "a", expires_in_days: 1.5 }, "expires_in_days must be a whole number of days from 1 to 3650"],
  ])("refuses %s with 400 and creates nothing", async (_, body, error) => {
    const before = await listTokens({ cookie: bob });
    await expectJson(await call(createRoute, "/tokens", { cookie: bob, json: body }), 400, { error });
    expect(await listTokens({ cookie: bob })).toEqual(before);
  });

  it("refuses a body that is not JSON with 400", async () => {
    const res = await call(createRoute, "/tokens", { cookie: bob, rawJson: "{nope" });
    expect(res.status).toBe(400);
  });

  it("cannot be done with a token: only a session mints tokens", async () => {
    const { token } = await createToken(bob, { name: "full" });
    const before = await listTokens({ cookie: bob });
    await expectJson(await call(createRoute, "/tokens", { ...bearer(token), json: { name: "more" } }), 403, { error: "tokens cannot manage tokens" });
    expect(await listTokens({ cookie: bob })).toEqual(before);
  });

  it("needs a signed-in caller", async () => {
    await expectJson(await call(createRoute, "/tokens", { json: { name: "x" } }), 401, { error: "unauthorized" });
    await expectJson(await call(listRoute, "/tokens"), 401, { error: "unauthorized" });
  });
});

describe("using a token", () => {
  it("reads (GET) and posts (POST) as its owner, and records when it was last used", async () => {
    const { id, token } = await createToken(alice, { name: "script" });
    expect((await channelsWith(token)).status).toBe(200);
    const res = await send(undefined, "general", "posted by a script", bearer(token));
    expect({ status: res.status, body: await res.text() }).toEqual({ status: 200, body: "ok" });
    const messageId = Number(res.headers.get("X-Message-Id"));
    const row = (await messages(bob, "general")).find((r) => r.id === messageId);
    expect(row).toMatchObject({ sender: "tokalice", content: "posted by a script" });
    // Written off the request's path, so it shows a moment later.
    await eventually(async () => {
      const listed = (await listTokens({ cookie: alice })).find((t) => t.id === id);
      expect(listed?.last_used).toEqual(expect.any(Number));
    });
  });

  it("a read-only token reads but cannot post (403), and nothing is written", async () => {
    const { token } = await createToken(alice, { name: "reader", read_only: true });
    const read = await call(messagesRoute, "/messages/general?after=0", bearer(token), { channel: "general" });
    expect(read.status).toBe(200);
    const before = await messages(bob, "general");
    await expectJson(await send(undefined, "general", "should not land", bearer(token)), 403, { error: "read-only token" });
    expect(await messages(bob, "general")).toEqual(before);
  });

  it("works on routes that also serve anonymous callers, and on the tribune", async () => {
    const { token } = await createToken(bob, { name: "coincoin" });
    expect((await call(presenceRoute, "/online_users", bearer(token))).status).toBe(200);
    const posted = await tribune("/tribune/post/", { form: { content: "tribune post by token" }, headers: { authorization: `Bearer ${token}`, "user-agent": "coincoin/1.0" } });
    expect(posted.status).toBe(200);
    const row = (await messages(alice, "general")).find((r) => r.id === Number(posted.header("X-Post-Id")));
    expect(row).toMatchObject({ sender: "tokbob", content: "tribune post by token" });
  });

  it("leaves the tribune's other credentials as they were: a session as Bearer posts, a stale one is 401", async () => {
    const session = alice.slice(alice.indexOf("=") + 1);
    const posted = await tribune("/tribune/post/", { form: { content: "session bearer" }, headers: { authorization: `Bearer ${session}`, "user-agent": "coincoin/1.0" } });
    expect(posted.status).toBe(200);
    const stale = await tribune("/tribune/remote/", { headers: { authorization: "Bearer not-a-session" } });
    expect({ status: stale.status, body: stale.body }).toEqual({ status: 401, body: "Invalid or expired token" });
  });

  it("a read-only token reads the tribune but cannot post there", async () => {
    const { token } = await createToken(bob, { name: "tribune reader", read_only: true });
    const headers = { authorization: `Bearer ${token}`, "user-agent": "coincoin/1.0" };
    expect((await tribune("/tribune/remote/", { headers })).status).toBeLessThan(400);
    const before = await messages(alice, "general");
    const posted = await tribune("/tribune/post/", { form: { content: "nope" }, headers });
    expect({ status: posted.status, body: posted.body }).toEqual({ status: 403, body: "read-only token" });
    expect(await messages(alice, "general")).toEqual(before);
  });
});

describe("refused tokens", () => {
  it("a revoked token answers 401 on its very next request", async () => {
    const { id, token } = await createToken(alice, { name: "to revoke" });
    expect((await channelsWith(token)).status).toBe(200); // now cached
    const res = await call(revokeRoute, `/tokens/${id}`, { cookie: alice, method: "DELETE" }, { id });
    expect(res.status).toBe(204);
    await expectJson(await channelsWith(token), 401, { error: "unauthorized" });
    expect((await listTokens({ cookie: alice })).map((t) => t.id)).not.toContain(id);
    // The tribune refuses it too.
    const answer = await tribune("/tribune/remote/", { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(401);
  });

  it("a revoke or deletion made on another instance is honoured here as soon as its bus notice arrives", async () => {
    // What another instance does: the row goes, then the notice. This instance still holds the token in its cache.
    const { id, token } = await createToken(bob, { name: "elsewhere" });
    expect((await channelsWith(token)).status).toBe(200);
    await db().accessToken.delete({ where: { id } });
    bus().publish("token-revoked", { id });
    await eventually(async () => expectJson(await channelsWith(token), 401, { error: "unauthorized" }));
    const other = await createToken(bob, { name: "elsewhere too" });
    expect((await channelsWith(other.token)).status).toBe(200);
    await db().accessToken.delete({ where: { id: other.id } });
    bus().publish("account", { user: "tokbob" });
    await eventually(async () => expectJson(await channelsWith(other.token), 401, { error: "unauthorized" }));
  });

  it("revoking someone else's token or an unknown one answers 404 and changes nothing", async () => {
    const { id, token } = await createToken(alice, { name: "mine" });
    await expectJson(await call(revokeRoute, `/tokens/${id}`, { cookie: bob, method: "DELETE" }, { id }), 404, { error: "token not found" });
    await expectJson(await call(revokeRoute, "/tokens/zzzzzzzzzzzz", { cookie: bob, method: "DELETE" }, { id: "zzzzzzzzzzzz" }), 404, { error: "token not found" });
    expect((await call(revokeRoute, "/tokens/NOT-AN-ID", { cookie: bob, method: "DELETE" }, { id: "NOT-AN-ID" })).status).toBe(404);
    expect((await channelsWith(token)).status).toBe(200);
  });

  it("an expired token answers 401", async () => {
    const { id, token } = await createToken(alice, { name: "short", expires_in_days: 1 });
    await db().accessToken.update({ where: { id }, data: { expiresAt: Date.now() / 1000 - 1 } });
    await expectJson(await channelsWith(token), 401, { error: "unauthorized" });
  });

  it("a token of a deleted account answers 401 at once", async () => {
    const carol = await newUser("tokcarol");
    const { token } = await createToken(carol, { name: "soon orphaned" });
    expect((await channelsWith(token)).status).toBe(200);
    const res = await call(deleteAccountRoute, "/delete_account", { cookie: carol, json: { type: "soft", password: PASSWORD } });
    expect(res.status).toBe(200);
    await expectJson(await channelsWith(token), 401, { error: "unauthorized" });
    expect(await db().accessToken.count({ where: { username: "tokcarol" } })).toBe(0);
  });

  it.each([
    ["a bare prefix", "mmp_"],
    ["a short secret", "mmp_abcdefghijkl_short"],
    ["an unknown token", `mmp_abcdefghijkl_${"A".repeat(43)}`],
    ["upper-case id", `mmp_ABCDEFGHIJKL_${"A".repeat(43)}`],
  ])("%s answers 401 JSON on every route, even those open to anonymous callers", async (_, token) => {
    await expectJson(await channelsWith(token), 401, { error: "unauthorized" });
    await expectJson(await call(presenceRoute, "/online_users", bearer(token)), 401, { error: "unauthorized" });
  });

  it("a real token whose secret was altered answers 401", async () => {
    const { token } = await createToken(bob, { name: "altered" });
    const altered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    await expectJson(await channelsWith(altered), 401, { error: "unauthorized" });
  });

  it.each(["access_token", "token"])("a token in the query string (?%s=) answers 400 and is not used", async (name) => {
    const { token } = await createToken(bob, { name: "leaky" });
    await expectJson(await call(channelsRoute, `/channels?${name}=${token}`), 400, { error: "access tokens go in the Authorization header" });
    const before = await messages(alice, "general");
    await expectJson(
      await call(sendRoute, `/send/general?${name}=${token}`, { form: { text: "via query" } }, { channel: "general" }),
      400,
      { error: "access tokens go in the Authorization header" },
    );
    expect(await messages(alice, "general")).toEqual(before);
  });
});
