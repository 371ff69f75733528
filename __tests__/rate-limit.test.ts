// Rate limits (issue 15): 429 with Retry-After in each door's own style, per user, per token, per anonymous
// address, sends and sign-ins on top, the window's reset (on an injected clock: no test waits a minute),
// settings edits taking effect, `enabled: false`, and two instances on one Redis seeing each other's counts
// (two limiters in this process on the injected clock, then a second process on the wall clock).
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { NextRequest } from "next/server";
import { POST as nextAuthRoute } from "@/app/api/auth/[...nextauth]/route";
import { POST as loginRoute } from "@/app/api/login/route";
import { POST as signupRoute } from "@/app/api/signup/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as hookRoute } from "@/app/(chat)/hooks/[secret]/route";
import { POST as createTokenRoute } from "@/app/(chat)/tokens/route";
import { POST as createHookRoute } from "@/app/(chat)/webhooks/incoming/route";
import { GET as boardsRoute } from "@/app/boards/boards.json/route";
import type { Principal } from "@/lib/auth/principal";
import { commandConnection } from "@/lib/events/redis";
import { ApiError } from "@/lib/http/errors";
import { admit, admitLogin, RateLimiter, rateLimiter, replaceRateLimiter } from "@/lib/http/rate-limit";
import type { RequestHead } from "@/lib/http/route";
import { serveTribune } from "@/lib/http/tribune";
import { expectJson, messages, send } from "./helpers/chat";
import { BASE, call, makeRequest, newUser, PASSWORD } from "./helpers/http";
import { useSettings as applySettings } from "./helpers/settings";

/** A whole minute (and ten seconds) on the epoch: windows start here. */
const START = 1_800_000_000_000;
let clock = START;
const limits = (overrides: Record<string, unknown>) => applySettings({ tribune: { anonymous: true }, rate_limits: { enabled: true, ...overrides } });

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});

beforeEach(() => {
  applySettings({}); // off until the test names its limits
  clock = START + 15_000; // 45 s left in the minute, 5 s in the 10-second window
  replaceRateLimiter({ now: () => clock });
});

afterAll(() => {
  replaceRateLimiter();
});

const channels = (cookie?: string, headers?: Record<string, string>) => call(channelsRoute, "/channels", { cookie, headers });
const from = (address: string) => ({ "x-forwarded-for": address });

async function statuses(n: number, make: () => Promise<Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await make()).status);
  return out;
}

describe("requests per user", () => {
  it("answers 429 with Retry-After and a JSON body once the minute's requests are used, then admits again in the next minute", async () => {
    limits({ requests_per_minute: 3 });
    expect(await statuses(3, () => channels(alice))).toEqual([200, 200, 200]);
    const refused = await channels(alice);
    expect(refused.headers.get("retry-after")).toBe("45");
    await expectJson(refused, 429, { error: "rate limited", retry_after: 45 });
    clock += 44_500; // half a second before the window ends: still refused, and Retry-After never says 0
    const late = await channels(alice);
    expect([late.status, late.headers.get("retry-after")]).toEqual([429, "1"]);
    clock += 500;
    expect((await channels(alice)).status).toBe(200);
  });

  it("counts each user on their own", async () => {
    limits({ requests_per_minute: 2 });
    expect(await statuses(3, () => channels(alice))).toEqual([200, 200, 429]);
    expect(await statuses(2, () => channels(bob))).toEqual([200, 200]);
  });

  it("counts an access token apart from its owner's sessions, so a runaway script does not lock the browser out", () => {
    limits({ requests_per_minute: 2 });
    const head = (method = "GET", target = "/channels"): RequestHead => ({
      method,
      target,
      header: () => null,
      get request(): Request {
        throw new Error("not read");
      },
    });
    const session: Principal = { username: "carol", tokenId: null, readOnly: false };
    const token: Principal = { username: "carol", tokenId: "abcdefghijkl", readOnly: false };
    admit(head(), token);
    admit(head(), token);
    expect(() => admit(head(), token)).toThrow(ApiError);
    admit(head(), session);
    admit(head(), session);
    expect(() => admit(head(), session)).toThrow(ApiError);
  });

  it("counts a real access token apart from the session of the same user", async () => {
    const created = await call(createTokenRoute, "/tokens", { cookie: alice, json: { name: "script" } });
    expect(created.status).toBe(201);
    const { token } = (await created.json()) as { token: string };
    limits({ requests_per_minute: 2 });
    const viaToken = () => channels(undefined, { authorization: `Bearer ${token}` });
    expect(await statuses(3, viaToken)).toEqual([200, 200, 429]);
    expect(await statuses(3, () => channels(alice))).toEqual([200, 200, 429]);
  });

  it("takes a settings edit at once, and never refuses when disabled", async () => {
    limits({ requests_per_minute: 2 });
    expect(await statuses(3, () => channels(alice))).toEqual([200, 200, 429]);
    limits({ requests_per_minute: 4 }); // refusals are not counted: two more
    expect(await statuses(3, () => channels(alice))).toEqual([200, 200, 429]);
    applySettings({ rate_limits: { enabled: false, requests_per_minute: 1, sends_per_10_seconds: 1, logins_per_minute: 1, anonymous_requests_per_minute: 1 } });
    expect(new Set(await statuses(50, () => channels(alice)))).toEqual(new Set([200]));
    expect(new Set(await statuses(20, () => call(boardsRoute, "/boards/boards.json")))).toEqual(new Set([200]));
  });
});

describe("anonymous requests", () => {
  it("are counted per address", async () => {
    limits({ anonymous_requests_per_minute: 2 });
    const boards = (address: string) => call(boardsRoute, "/boards/boards.json", { headers: from(address) });
    expect(await statuses(3, () => boards("203.0.113.5"))).toEqual([200, 200, 429]);
    expect(await statuses(2, () => boards("203.0.113.6"))).toEqual([200, 200]);
    // A signed-in user on the refused address is counted as themselves.
    expect((await channels(alice, from("203.0.113.5"))).status).toBe(200);
  });
});

describe("sends", () => {
  it("refuses the send past the limit before writing anything, and takes it again once the window has passed", async () => {
    limits({ sends_per_10_seconds: 2 });
    expect((await send(alice, "general", "one")).status).toBe(200);
    expect((await send(alice, "general", "two")).status).toBe(200);
    const refused = await send(alice, "general", "three");
    expect(refused.headers.get("retry-after")).toBe("5");
    await expectJson(refused, 429, { error: "rate limited", retry_after: 5 });
    expect((await messages(bob, "general")).map((m) => m.content)).not.toContain("three");
    // Reading is not sending: the user's other requests go on.
    expect((await channels(alice)).status).toBe(200);
    clock += 5_000;
    expect((await send(alice, "general", "three")).status).toBe(200);
    expect((await messages(bob, "general")).filter((m) => m.content === "three")).toHaveLength(1);
  });

  it("counts board threads and replies as sends, and answers webhook posts in text, per webhook", () => {
    limits({ sends_per_10_seconds: 1, webhook_posts_per_minute: 2 });
    const head = (target: string): RequestHead => ({
      method: "POST",
      target,
      header: (name) => (name === "x-forwarded-for" ? "198.51.100.7" : null),
      get request(): Request {
        throw new Error("not read");
      },
    });
    const dave: Principal = { username: "dave", tokenId: null, readOnly: false };
    admit(head("/boards/tech/new"), dave);
    expect(() => admit(head("/boards/tech/12/reply"), dave)).toThrow(ApiError);
    admit(head("/boards/tech/12/lock"), dave); // not a post
    const refusal = (target: string): ApiError | null => {
      try {
        admit(head(target), null);
        return null;
      } catch (err) {
        return err as ApiError;
      }
    };
    expect(refusal("/hooks/first-secret")).toBeNull();
    clock += 10_000; // a new 10-second window: sends may go on, the webhook's minute goes on counting
    expect(refusal("/hooks/first-secret")).toBeNull();
    clock += 10_000;
    const refused = refusal("/hooks/first-secret");
    expect(refused && { status: refused.status, body: refused.body, headers: refused.headers }).toEqual({ status: 429, body: "rate limited", headers: { "Retry-After": "25" } });
    expect(refusal("/hooks/second-secret")).toBeNull();
  });
});

describe("incoming webhooks", () => {
  it("answers text `rate limited` with Retry-After past the webhook's posts per minute, and posts nothing", async () => {
    const created = await call(createHookRoute, "/webhooks/incoming", { cookie: alice, json: { channel: "software", name: "CI" } });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    limits({ webhook_posts_per_minute: 2 });
    const post = (text: string) =>
      hookRoute(new Request(`${BASE}/hooks/${secret}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) }), {
        params: Promise.resolve({ secret }),
      });
    expect((await post("build 1 passed")).status).toBe(200);
    expect((await post("build 2 passed")).status).toBe(200);
    const refused = await post("build 3 passed");
    expect({ status: refused.status, retry: refused.headers.get("retry-after"), body: await refused.text() }).toEqual({ status: 429, retry: "45", body: "rate limited" });
    expect((await messages(bob, "software")).map((m) => m.content)).not.toContain("build 3 passed");
  });
});

describe("sign-ins", () => {
  it("are limited per address, failed or not, sign-ups included, beside the lockout", async () => {
    limits({ logins_per_minute: 3 });
    const attempt = (address: string, password = "wrong") =>
      call(loginRoute, "/api/login", { json: { username: "alice", password }, headers: from(address) });
    expect((await attempt("192.0.2.1")).status).toBe(401);
    expect((await attempt("192.0.2.1", PASSWORD)).status).toBe(200);
    const signup = await call(signupRoute, "/api/signup", { json: { username: "erin", password: PASSWORD, confirm_password: PASSWORD }, headers: from("192.0.2.1") });
    expect(signup.status).toBe(200);
    const refused = await attempt("192.0.2.1", PASSWORD);
    await expectJson(refused, 429, { error: "rate limited", retry_after: 45 });
    // next-auth's credentials callback is another door to the same check: it counts in the same place.
    const credentials = makeRequest("/api/auth/callback/credentials", { form: { username: "alice", password: PASSWORD }, headers: from("192.0.2.1") });
    const callback = await nextAuthRoute(new NextRequest(credentials), { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    await expectJson(callback, 429, { error: "rate limited", retry_after: 45 });
    // Another address signs in; the page forms' server actions count in the same place.
    expect((await attempt("192.0.2.2", PASSWORD)).status).toBe(200);
    expect([admitLogin("192.0.2.2"), admitLogin("192.0.2.2"), admitLogin("192.0.2.2")]).toEqual([0, 0, 45]);
  });
});

describe("the tribune", () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => void serveTribune(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("answers text `rate limited` with Retry-After to an anonymous coincoin past its address's limit", async () => {
    limits({ anonymous_requests_per_minute: 2 });
    const poll = () => fetch(`${base}/tribune/remote/xml/`, { headers: { "user-agent": "olcc/2.0", ...from("203.0.113.9") } });
    expect((await poll()).status).toBe(200);
    expect((await poll()).status).toBe(200);
    const refused = await poll();
    expect({ status: refused.status, type: refused.headers.get("content-type"), retry: refused.headers.get("retry-after"), body: await refused.text() }).toEqual({
      status: 429,
      type: "text/plain; charset=utf-8",
      retry: "45",
      body: "rate limited",
    });
  });

  it("counts posts as sends of the signed-in user", async () => {
    limits({ sends_per_10_seconds: 1 });
    const post = (content: string) =>
      fetch(`${base}/tribune/post/xml/`, { method: "POST", headers: { cookie: alice, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ content }) });
    expect((await post("from the tribune")).status).toBe(200);
    const refused = await post("too fast");
    expect({ status: refused.status, retry: refused.headers.get("retry-after"), body: await refused.text() }).toEqual({ status: 429, retry: "5", body: "rate limited" });
    expect((await messages(bob, "general")).map((m) => m.content)).not.toContain("too fast");
  });
});

describe("two limiters on one Redis, on the injected clock", () => {
  it("see each other's counts once their local counts are synced, start again in the next window, and let their keys expire", async () => {
    const backend = { url: "redis://127.0.0.1:6379", prefix: `minimost-test:rate-limit:${process.pid}:${Date.now()}:` };
    const [redisA, redisB] = [commandConnection(backend), commandConnection(backend)];
    const a = new RateLimiter({ redis: redisA, prefix: backend.prefix, now: () => clock });
    const b = new RateLimiter({ redis: redisB, prefix: backend.prefix, now: () => clock });
    try {
      const takeA = () => a.take(a.users, "frank", 5);
      const takeB = () => b.take(b.users, "frank", 5);
      expect([takeA(), takeA(), takeA()]).toEqual([0, 0, 0]);
      await a.flush();
      expect(takeB()).toBe(0);
      await b.flush(); // B learns the 3 admitted on A: 4 in all
      expect([takeB(), takeB()]).toEqual([0, 45]);
      await a.flush(); // nothing new on A: it learns the global count at its next sync
      expect(takeA()).toBe(0); // the approximation: A has not synced since B's two
      await a.flush();
      expect(takeA()).toBe(45);
      // Another user, and the next window, start again everywhere.
      expect(takeB()).toBe(45);
      expect(b.take(b.users, "grace", 5)).toBe(0);
      clock += 45_000;
      expect([takeA(), takeB()]).toEqual([0, 0]);
      // Keys expire with their windows.
      const keys = await redisA.keys(`${backend.prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await redisA.pttl(key)).toBeGreaterThan(0);
      await redisA.del(...keys);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([redisA.quit(), redisB.quit()]);
    }
  });
});

/** The other instance: a process of its own (helpers/rate-limit-instance.ts), sent one command at a time. */
function otherInstance(env: Record<string, string>) {
  const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, "--conditions=react-server", path.join("__tests__", "helpers", "rate-limit-instance.ts")], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
  });
  child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`[instance 2] ${chunk.toString()}`));
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.(line));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    async run(command: Record<string, unknown>): Promise<unknown> {
      const line = await new Promise<string>((resolve) => {
        waiting.push(resolve);
        child.stdin.write(JSON.stringify(command) + "\n");
      });
      const answer = JSON.parse(line) as { ok: true; value: unknown } | { ok: false; error: string };
      if (!answer.ok) throw new Error(`instance 2: ${answer.error}`);
      return answer.value;
    },
    async stop(): Promise<void> {
      await this.run({ op: "exit" });
      child.stdin.end();
      await exited;
    },
  };
}

describe("a second instance, in another process, on the same Redis", () => {
  it("each refuses what the other admitted, once their counts are synced", async () => {
    const backend = { url: "redis://127.0.0.1:6379", prefix: `minimost-test:rate-limit-2:${process.pid}:${Date.now()}:` };
    limits({ requests_per_minute: 5 });
    // Both processes take windows from the wall clock: start well inside a minute.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_100 - intoMinute));
    const redis = commandConnection(backend);
    replaceRateLimiter({ redis, prefix: backend.prefix });
    const other = otherInstance({ REDIS_URL: backend.url, REDIS_PREFIX: backend.prefix });
    try {
      expect(await other.run({ op: "admit", user: "alice", count: 3 })).toEqual([200, 200, 200]);
      await other.run({ op: "flush" });
      // Here, through a real route: the first request learns the other's 3 at this instance's next sync.
      expect((await channels(alice)).status).toBe(200);
      await rateLimiter().flush();
      expect(await statuses(2, () => channels(alice))).toEqual([200, 429]);
      await rateLimiter().flush();
      // There: one more gets through before its next sync (the approximation), none after.
      expect(await other.run({ op: "admit", user: "alice", count: 1 })).toEqual([200]);
      await other.run({ op: "flush" });
      expect(await other.run({ op: "admit", user: "alice", count: 2 })).toEqual([429, 429]);
      // Bob was never counted anywhere.
      expect((await channels(bob)).status).toBe(200);
    } finally {
      await other.stop();
      replaceRateLimiter();
      const keys = await redis.keys(`${backend.prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  }, 90_000);
});
