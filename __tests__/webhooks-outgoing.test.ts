// Outgoing webhooks: created for a channel with a public URL (private addresses refused), every new
// message POSTed there signed with HMAC-SHA256, retried with backoff after a failure, stopped for good
// when the URL turns private or the owner leaves, and no more deliveries once deleted. The receiver is
// a real HTTP server on 127.0.0.1, let through the SSRF guard as link-preview.test.ts does.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as hookRoute } from "@/app/(chat)/hooks/[secret]/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as createIncomingRoute } from "@/app/(chat)/webhooks/incoming/route";
import { DELETE as deleteRoute } from "@/app/(chat)/webhooks/outgoing/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/(chat)/webhooks/outgoing/route";
import { db, nowSeconds } from "@/lib/db/client";
import { deliverDue, startDeliveryWorker } from "@/lib/integrations/deliveries";
import { messageStore } from "@/lib/messages";
import { configureFetchGuard } from "@/lib/previews/safe-fetch";
import { expectJson, rowOf, sendOk } from "./helpers/chat";
import { eventually } from "./helpers/eventually";
import { BASE, call, newUser } from "./helpers/http";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let port: number;
let received: Received[] = [];
/** Statuses the receiver answers next, per path; 200 once they run out. */
const answers = new Map<string, number[]>();

let alice: string;
let bob: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const status = answers.get(path)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "thanks" : "broken");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  configureFetchGuard({ trustedLoopbackPort: port });
  alice = await newUser("alice");
  bob = await newUser("bob");
});

afterAll(async () => {
  configureFetchGuard({ trustedLoopbackPort: null });
  await new Promise((r) => server.close(r));
});

const made: string[] = [];
beforeEach(() => {
  received = [];
  answers.clear();
});
afterEach(async () => {
  await messageStore().settled();
  for (const id of made.splice(0)) await call(deleteRoute, `/webhooks/outgoing/${id}`, { cookie: alice, method: "DELETE" }, { id });
});

interface Webhook {
  id: string;
  name: string;
  channel: string;
  url: string;
  trigger_words: string[];
  created: number;
  disabled_reason: string | null;
  last_error: string | null;
}

const receiver = (path: string) => `http://127.0.0.1:${port}${path}`;
const create = (cookie: string, body: unknown) => call(createRoute, "/webhooks/outgoing", { cookie, json: body });
async function createOk(cookie: string, body: Record<string, unknown>): Promise<Webhook & { secret: string }> {
  const res = await create(cookie, body);
  const answer = (await res.json()) as Webhook & { secret: string };
  expect(res.status).toBe(201);
  made.push(answer.id);
  return answer;
}
const list = async (cookie: string) => (await (await call(listRoute, "/webhooks/outgoing", { cookie })).json()) as Webhook[];
const listed = async (id: string) => (await list(alice)).find((w) => w.id === id);
const sign = (secret: string, body: string) => `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

describe("creating an outgoing webhook", () => {
  it("answers the signing secret once and lists the webhook without it", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Archiver", url: receiver("/archive"), trigger_words: ["Deploy", "rollback"] });
    expect(hook).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{12}$/),
      name: "Archiver",
      channel: "general",
      url: receiver("/archive"),
      trigger_words: ["deploy", "rollback"],
      created: expect.any(Number),
      disabled_reason: null,
      last_error: null,
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const { secret: _secret, ...row } = hook;
    expect(await list(alice)).toContainEqual(row);
    expect(JSON.stringify(await list(alice))).not.toContain(hook.secret);
    expect(await list(bob)).toEqual([]);
  });

  it("refuses URLs the server may not fetch (private addresses, other schemes and ports) with 400, making nothing", async () => {
    const before = await list(alice);
    const refused = async (url: string, why: string) =>
      expectJson(await create(alice, { channel: "general", name: "Bad", url }), 400, { error: `url refused: ${why}` });
    await refused("http://10.0.0.1/hook", "address 10.0.0.1 is not public");
    await refused("http://192.168.1.20/hook", "address 192.168.1.20 is not public");
    await refused("http://[::1]/hook", "address ::1 is not public");
    await refused("http://127.0.0.1/hook", "address 127.0.0.1 is not public");
    await refused("http://169.254.169.254/latest/meta-data", "address 169.254.169.254 is not public");
    await refused("ftp://example.com/x", "scheme ftp: not allowed");
    await refused("http://user:pw@example.com/", "credentials in URL");
    await refused("http://example.com:8080/", "port 8080 not allowed");
    await refused("not a url", "not a URL");
    await expectJson(await create(alice, { channel: "general", name: "Bad", url: "" }), 400, { error: "url is required" });
    await expectJson(await create(alice, { channel: "dm:alice:bob", name: "DM", url: receiver("/x") }), 400, {
      error: "a webhook cannot watch a direct message channel",
    });
    await expectJson(await create(alice, { channel: "general", name: "W", url: receiver("/x"), trigger_words: ["two words"] }), 400, {
      error: "a trigger word is one word (no spaces)",
    });
    await expectJson(await create(alice, { channel: "general", name: "W", url: receiver("/x"), trigger_words: "deploy" }), 400, {
      error: "trigger_words must be a list of words",
    });
    expect(await list(alice)).toEqual(before);
  });

  it("refuses a private channel the caller is not in", async () => {
    const res = await call(createPrivateRoute, "/private_channels/create", { cookie: bob, json: { name: "Bob's", members: [] } });
    const { channel } = (await res.json()) as { channel: string };
    await expectJson(await create(alice, { channel, name: "Spy", url: receiver("/spy") }), 403, { error: `you cannot watch ${channel}` });
  });
});

describe("deliveries", () => {
  it("POSTs each new message as /messages shows it, signed with HMAC-SHA256 over the raw body, once", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Mirror", url: receiver("/mirror") });
    const id = await sendOk(bob, "general", "hello @alice");
    await sendOk(bob, "software", "elsewhere: not for this webhook");
    expect(await deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.path).toBe("/mirror");
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.headers["x-minimost-event"]).toBe("message");
    expect(got!.headers["x-minimost-delivery"]).toMatch(/^[0-9]+$/);
    expect(got!.headers["x-minimost-signature"]).toBe(sign(hook.secret, got!.body));
    expect(got!.headers["x-minimost-signature"]).not.toBe(sign("another secret", got!.body));
    const shown = await rowOf(alice, "general", id);
    expect(JSON.parse(got!.body)).toEqual({ event: "message", webhook_id: hook.id, channel: "general", message: shown, sent_at: shown!.ts });
    // Delivered: nothing is sent again.
    expect(await deliverDue()).toBe(0);
    expect(received).toHaveLength(1);
  });

  it("retries after a 500 with backoff, the same body and delivery id, and clears the error once delivered", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Flaky", url: receiver("/flaky") });
    answers.set("/flaky", [500]);
    await sendOk(bob, "general", "will need a retry");
    const t = nowSeconds();
    expect(await deliverDue({ now: () => t })).toBe(1);
    expect(received).toHaveLength(1);
    expect(await listed(hook.id)).toMatchObject({ last_error: "HTTP 500", disabled_reason: null });
    expect(await deliverDue({ now: () => t + 9 })).toBe(0); // the first retry waits 10 s
    expect(await deliverDue({ now: () => t + 11 })).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received[1]!.headers["x-minimost-delivery"]).toBe(received[0]!.headers["x-minimost-delivery"]);
    expect(await listed(hook.id)).toMatchObject({ last_error: null });
    expect(await deliverDue({ now: () => t + 10_000 })).toBe(0);
  });

  it("gives up after the last retry and says so in last_error", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Down", url: receiver("/down") });
    answers.set("/down", [503, 503, 503]);
    const id = await sendOk(bob, "general", "nobody is listening");
    const t = nowSeconds();
    const backoff = [5, 50];
    expect(await deliverDue({ now: () => t, backoff })).toBe(1);
    expect(await deliverDue({ now: () => t + 6, backoff })).toBe(1);
    expect(await deliverDue({ now: () => t + 60, backoff })).toBe(1);
    expect(received).toHaveLength(3);
    expect((await listed(hook.id))!.last_error).toBe(`gave up on message ${id} after 3 attempts: HTTP 503`);
    expect(await deliverDue({ now: () => t + 100_000, backoff })).toBe(0);
  });

  it("with trigger words, sends only messages whose first word is one of them", async () => {
    await createOk(alice, { channel: "software", name: "Deployer", url: receiver("/deploy"), trigger_words: ["deploy"] });
    await sendOk(bob, "software", "hello there");
    await sendOk(bob, "software", "please deploy");
    const id = await sendOk(bob, "software", "Deploy staging");
    await deliverDue();
    expect(received.map((r) => (JSON.parse(r.body) as { message: { id: number } }).message.id)).toEqual([id]);
  });

  it("does not send what its owner's own bots post (an integration answering itself), but others' bots' posts are sent", async () => {
    await createOk(alice, { channel: "off-topic", name: "Loop guard", url: receiver("/loop") });
    const own = (await (await call(createIncomingRoute, "/webhooks/incoming", { cookie: alice, json: { channel: "off-topic", name: "Answerer" } })).json()) as { secret: string };
    const theirs = (await (await call(createIncomingRoute, "/webhooks/incoming", { cookie: bob, json: { channel: "off-topic", name: "Bob CI" } })).json()) as { secret: string };
    const post = (secret: string, text: string) =>
      hookRoute(new Request(`${BASE}/hooks/${secret}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) }), {
        params: Promise.resolve({ secret }),
      });
    expect((await post(own.secret, "answer from alice's bot")).status).toBe(200);
    expect((await post(theirs.secret, "bob's CI says hi")).status).toBe(200);
    await deliverDue();
    expect(received.map((r) => (JSON.parse(r.body) as { message: { content: string } }).message.content)).toEqual(["bob's CI says hi"]);
  });

  it("queues a message once per webhook, however many instances queue it", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Once", url: receiver("/once") });
    const id = await sendOk(bob, "general", "exactly once");
    const { queueOutgoing } = await import("@/lib/integrations/outgoing");
    const row = await messageStore().messageById("bob", id);
    await queueOutgoing({ kind: "public", id: "general" }, [row!]); // as a second instance or a replay would
    expect(await db().outgoingDelivery.count({ where: { webhookId: hook.id } })).toBe(1);
    // Two instances' workers at the same moment: one of them takes it.
    const [a, b] = await Promise.all([deliverDue(), deliverDue()]);
    expect(a + b).toBe(1);
    expect(received).toHaveLength(1);
  });

  it("disables the webhook with the reason when its URL now reaches a private address, sending nothing", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Rebound", url: receiver("/rebound") });
    await sendOk(bob, "general", "first");
    // As if its host's DNS answer had changed to an internal address since the webhook was made.
    await db().outgoingWebhook.update({ where: { id: hook.id }, data: { url: "http://10.1.2.3/rebound" } });
    await deliverDue();
    expect(received).toHaveLength(0);
    expect(await listed(hook.id)).toMatchObject({ disabled_reason: "url refused: address 10.1.2.3 is not public" });
    expect(await db().outgoingDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    await sendOk(bob, "general", "second");
    expect(await db().outgoingDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
  });

  it("disables the webhook when its owner has left the private channel it watches", async () => {
    const res = await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "Team", members: ["bob"] } });
    const { id: privateId, channel } = (await res.json()) as { id: number; channel: string };
    const hook = await createOk(alice, { channel, name: "Team mirror", url: receiver("/team") });
    await sendOk(bob, channel, "seen");
    await deliverDue();
    expect(received).toHaveLength(1);
    await call(leaveRoute, `/private_channels/${privateId}/leave`, { cookie: alice, method: "POST" }, { id: String(privateId) });
    await sendOk(bob, channel, "not for alice any more");
    await deliverDue();
    expect(received).toHaveLength(1);
    expect(await listed(hook.id)).toMatchObject({ disabled_reason: `alice can no longer read ${channel}` });
  });

  it("stops once the webhook is deleted, queued deliveries included; others cannot delete it", async () => {
    const hook = await createOk(alice, { channel: "general", name: "Temporary", url: receiver("/temp") });
    await sendOk(bob, "general", "queued before the delete");
    await expectJson(await call(deleteRoute, `/webhooks/outgoing/${hook.id}`, { cookie: bob, method: "DELETE" }, { id: hook.id }), 404, {
      error: "webhook not found",
    });
    const res = await call(deleteRoute, `/webhooks/outgoing/${hook.id}`, { cookie: alice, method: "DELETE" }, { id: hook.id });
    expect(res.status).toBe(204);
    await sendOk(bob, "general", "after the delete");
    expect(await deliverDue()).toBe(0);
    expect(received).toHaveLength(0);
    expect(await listed(hook.id)).toBeUndefined();
  });

  it("the worker sends a new message at once and stops cleanly", async () => {
    await createOk(alice, { channel: "software", name: "Live", url: receiver("/live") });
    const stop = startDeliveryWorker({ intervalMs: 60_000 });
    try {
      await sendOk(bob, "software", "straight away");
      await eventually(() => expect(received.map((r) => r.path)).toEqual(["/live"]));
    } finally {
      await stop();
    }
    await sendOk(bob, "software", "worker stopped: queued, not sent");
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(1);
    expect(await deliverDue()).toBe(1); // still owed, sent by the next round
  });
});
