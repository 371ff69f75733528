// Two instances on one PostgreSQL database and one Redis: this test process (route handlers called directly)
// and a child process running the same domain code (helpers/instance.ts), each with its own data folder. Every change made through the
// other instance is honoured here as soon as its notice arrives, with this instance's caches warm: nothing
// that must be shared lives only in one process's memory.
import { dropDeployment, prepareDeployment } from "./helpers/shared-deployment";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import readline from "node:readline";
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { userBak } from "@/lib/bak/users";
import { bus, closeBus, pingRedis } from "@/lib/events";
import { RedisBus } from "@/lib/events/redis";
import { linkPreview } from "@/lib/previews/link";
import { configureFetchGuard } from "@/lib/previews/safe-fetch";
import { call, cookieFor, newUser } from "./helpers/http";
import { tribune } from "./helpers/tribune";
import { eventually } from "./helpers/eventually";

/** The other instance: send it a command, get what the domain call answered. */
class Instance {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];

  constructor() {
    const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
    this.child = spawn(process.execPath, [tsx, "--conditions=react-server", path.join("__tests__", "helpers", "instance.ts")], {
      cwd: process.cwd(),
      // Its own data folder, as on another machine (only the engines are shared).
      env: { ...process.env, DATA_DIR: `${process.env.DATA_DIR}-2`, UPLOAD_DIR: `${process.env.UPLOAD_DIR}-2` },
    });
    this.child.stderr.on("data", (chunk: Buffer) => process.stderr.write(`[instance 2] ${chunk.toString()}`));
    readline.createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
  }

  async run(command: Record<string, unknown>): Promise<unknown> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify(command) + "\n");
    });
    const answer = JSON.parse(line) as { ok: true; value: unknown } | { ok: false; error: string };
    if (!answer.ok) throw new Error(`instance 2: ${answer.error}`);
    return answer.value;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.run({ op: "exit" });
    this.child.stdin.end();
    await exited;
  }
}

let other: Instance;
let pages: http.Server;
let pagesPort: number;
let pageHits = 0;

beforeAll(async () => {
  await prepareDeployment();
  const here = bus();
  if (!(here instanceof RedisBus)) throw new Error("this file runs on the Redis bus");
  await here.ready();
  other = new Instance();
  // The other instance is subscribed too before anything happens (it publishes either way).
  expect(await other.run({ op: "ready" })).toEqual(expect.any(String));
  pages = http.createServer((_req, res) => {
    pageHits++;
    res.writeHead(200, { "content-type": "text/html" }).end('<head><meta property="og:title" content="Shared card"></head>');
  });
  await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
  pagesPort = (pages.address() as AddressInfo).port;
  // Only this instance may fetch from the test's loopback page: the other one can show it only from the shared cache.
  configureFetchGuard({ trustedLoopbackPort: pagesPort });
}, 60_000);

afterAll(async () => {
  configureFetchGuard({ trustedLoopbackPort: null });
  await other?.stop();
  await new Promise((resolve) => pages?.close(resolve));
  // The bus's connections would keep this process alive.
  await closeBus();
  await dropDeployment();
}, 30_000);

const status = async (res: Promise<Response>) => (await res).status;

it("answers /readyz's Redis check", async () => {
  await expect(pingRedis()).resolves.toBeUndefined();
});

it("refuses here, at once, the sessions a sign-out everywhere ended on the other instance", async () => {
  const cookie = await newUser("lena");
  expect(await status(call(channelsRoute, "/channels", { cookie }))).toBe(200); // the session is cached as live
  await other.run({ op: "endAllSessions", user: "lena" });
  await eventually(async () => expect(await status(call(channelsRoute, "/channels", { cookie }))).toBe(401), 1000);
});

it("enforces here, at once, a private-channel removal and an addition made on the other instance", async () => {
  const alice = await newUser("alice");
  const bob = await newUser("bob");
  const carol = await newUser("carol");
  const res = await call(createRoute, "/private_channels/create", { cookie: alice, json: { name: "plans", members: ["bob"] } });
  const { id } = (await res.json()) as { id: number };
  const channel = `private:${id}`;
  const members = (cookie: string) => status(call(channelMembersRoute, `/channel_members/${channel}`, { cookie }, { channel }));
  expect(await members(bob)).toBe(200);
  expect(await members(carol)).toBe(403);
  await other.run({ op: "leave", user: "bob", id });
  await other.run({ op: "add", user: "alice", id, member: "carol" });
  await eventually(async () => {
    expect(await members(bob)).toBe(403);
    expect(await members(carol)).toBe(200);
  }, 1000);
});

it("serves here, at once, a public channel created on the other instance, and refuses writes once it is archived there", async () => {
  const lena = await cookieFor("lena"); // the first account of this deployment: the admin
  const sendHere = (text: string) => call(sendRoute, "/send/launch", { cookie: lena, form: { text } }, { channel: "launch" });
  expect((await sendHere("too early")).status).toBe(403); // no such channel yet (and the list is cached here)
  await other.run({ op: "createChannel", user: "lena", name: "launch" });
  await eventually(async () => expect((await (await call(channelsRoute, "/channels", { cookie: lena })).json()) as string[]).toContain("launch"), 1000);
  expect((await sendHere("hello launch")).status).toBe(200);
  await other.run({ op: "archive", user: "lena", channel: "launch" });
  await eventually(async () => expect((await sendHere("still there?")).status).toBe(403), 1000);
});

it("lists here an account created on the other instance", async () => {
  const cookie = await newUser("mia");
  const listed = async () => (await (await call(usersRoute, "/users", { cookie })).json()) as string[];
  expect(await listed()).not.toContain("nora");
  await other.run({ op: "signup", user: "nora", password: "Passw0rd!" });
  await eventually(async () => expect(await listed()).toContain("nora"));
});

it("applies here a BaK rule added on the other instance", async () => {
  await newUser("dave");
  expect(await userBak("dave")).toBeNull(); // cached: dave has none
  expect(await other.run({ op: "bak", user: "dave", command: "/bak add author troll" })).toEqual({ ok: true });
  await eventually(async () => expect((await userBak("dave"))?.rules).toHaveLength(1));
});

it("shows a tribune post made through the other instance in this instance's next poll", async () => {
  const cookie = await newUser("olga");
  const poll = async () => (await tribune("/tribune/general/remote/tsv/", { headers: { cookie } })).body;
  expect(await poll()).not.toContain("posted on two");
  expect(await poll()).not.toContain("posted on two"); // now answered from what this instance keeps
  await other.run({ op: "post", channel: "general", agent: "olcc/2.0", text: "posted on two" });
  // Kept answers otherwise stand for 30 s: only the change notice makes the next poll fresh.
  await eventually(async () => expect(await poll()).toContain("posted on two"), 1000);
});

it("serves on the other instance a link preview this one fetched, without fetching it again", async () => {
  const url = `http://127.0.0.1:${pagesPort}/page`;
  expect(await linkPreview(url)).toMatchObject({ type: "og", title: "Shared card" });
  expect(pageHits).toBe(1);
  expect(await other.run({ op: "preview", url })).toMatchObject({ type: "og", title: "Shared card" });
  expect(pageHits).toBe(1);
});
