// Parallel sign-ins against the lockout (issue 9, point 5; port decision 17), and where the address
// they are counted by comes from.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as loginRoute } from "@/app/api/login/route";
import { lockoutMessage } from "@/lib/auth/accounts";
import { clientAddress, keepPeerAddresses } from "@/lib/auth/address";
import { db } from "@/lib/db/client";
import { call, newUser, PASSWORD } from "./helpers/http";
import { useSettings } from "./helpers/settings";

const MAX = 5;
const WRONG = "Wrong-passw0rd";

const login = (username: string, password: string, address: string) =>
  call(loginRoute, "/api/login", { json: { username, password }, headers: { "x-forwarded-for": address } });

async function burst(username: string, address: string, rightAt: number) {
  const answers = await Promise.all(
    Array.from({ length: 40 }, (_, i) => login(username, i === rightAt ? PASSWORD : WRONG, address)),
  );
  return Promise.all(answers.map(async (res) => ({ status: res.status, body: await res.json() })));
}

beforeAll(async () => {
  await newUser("Target");
});
beforeEach(() => useSettings({ max_login_attempts: MAX, lockout_duration_minutes: 15, login_failure_delay_seconds: 0.05 }));

describe("40 parallel logins", () => {
  it("check at most max_login_attempts guesses and give no token once the lock is taken", async () => {
    const answers = await burst("Target", "203.0.113.50", 25);
    expect(answers.filter((a) => a.status === 200)).toEqual([]);
    expect(answers.filter((a) => a.body.token !== undefined)).toEqual([]);
    const invalid = answers.filter((a) => a.body.error === "Invalid credentials").length;
    const locked = answers.filter((a) => a.body.error === lockoutMessage(15)).length;
    // Only the attempt that took the last slot, and those refused, read the lockout message.
    expect(invalid).toBe(MAX - 1);
    expect(locked).toBe(40 - invalid);
    expect(await db().loginThrottle.findUnique({ where: { account_address: { account: "target", address: "203.0.113.50" } } })).toMatchObject({
      failures: MAX,
    });
    // Afterwards the right password from that address is still refused...
    expect((await (await login("Target", PASSWORD, "203.0.113.50")).json()).error).toBe(lockoutMessage(15));
    // ...while the owner, from an address with no failures, signs in.
    expect((await login("Target", PASSWORD, "198.51.100.1")).status).toBe(200);
  });

  it("behave the same for a name nobody registered", async () => {
    const answers = await burst("no-such-user", "203.0.113.51", 25);
    expect(answers.filter((a) => a.body.error === "Invalid credentials").length).toBe(MAX - 1);
    expect(answers.filter((a) => a.body.error === lockoutMessage(15)).length).toBe(40 - (MAX - 1));
  });

  it("let the right password through when it comes before the lock", async () => {
    const answers = await burst("Target", "203.0.113.52", 0);
    expect(answers[0]).toMatchObject({ status: 200, body: { username: "Target" } });
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  });
});

describe("the address failures are counted by", () => {
  let server: http.Server;
  let seen: string[] = [];
  const saved = process.env.TRUST_PROXY;

  beforeAll(async () => {
    keepPeerAddresses();
    server = http.createServer((req, res) => {
      seen.push(clientAddress(req.headers as Record<string, unknown>));
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    process.env.TRUST_PROXY = saved;
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen = []));

  const get = (headers: Record<string, string>) =>
    fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers }).then((res) => res.text());

  it("is the socket's, whatever X-Forwarded-For a client sends", async () => {
    delete process.env.TRUST_PROXY;
    await get({ "x-forwarded-for": "192.0.2.99" });
    await get({ "x-forwarded-for": "10.0.0.1, 192.0.2.98" });
    await get({});
    expect(seen).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
  });

  it("is the one our proxy appended when TRUST_PROXY is set", async () => {
    process.env.TRUST_PROXY = "1";
    await get({ "x-forwarded-for": "10.0.0.1, 192.0.2.98" });
    expect(seen).toEqual(["192.0.2.98"]);
  });
});

describe("addresses an attacker can change at will", () => {
  it("count an IPv6 /64 as one address: fresh addresses in it give no fresh guesses", async () => {
    for (let i = 1; i <= MAX; i++) await login("Target", WRONG, `2001:db8:1:2::${i}`);
    expect((await (await login("Target", PASSWORD, "2001:db8:1:2::99")).json()).error).toBe(lockoutMessage(15));
    expect((await (await login("Target", PASSWORD, "2001:0db8:0001:0002:ffff::1")).json()).error).toBe(lockoutMessage(15));
    expect((await login("Target", PASSWORD, "2001:db8:1:3::1")).status).toBe(200); // the next /64 is someone else
  });

  it("count an IPv4 address the same however it is written", async () => {
    for (let i = 1; i <= MAX; i++) await login("Target", WRONG, "::ffff:203.0.113.70");
    expect((await (await login("Target", PASSWORD, "203.0.113.70")).json()).error).toBe(lockoutMessage(15));
    expect(clientAddress({ "x-forwarded-for": "::FFFF:203.0.113.70" })).toBe("203.0.113.70");
  });
});
