// The Bus contract: what every implementation must do, in-process and on Redis (the real one at
// REDIS_URL, default 127.0.0.1:6379, under a fresh prefix per test). `connect` returns the bus of one
// instance, and every bus it returns is attached to the same deployment; on Redis each is what one
// process would have (its own connections and origin id).
import { randomUUID } from "node:crypto";
import net from "node:net";
import type { Bus, BusMessages } from "@/lib/events";
import { InProcessBus } from "@/lib/events/memory";
import { RedisBus } from "@/lib/events/redis";
import { eventually } from "./helpers/eventually";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const freshPrefix = () => `test:${randomUUID()}:`;

interface Deployment {
  connect: () => Promise<Bus>;
  close: () => Promise<void>;
}

interface Implementation {
  name: string;
  /** A fresh deployment; each call of `connect` is one instance of it. */
  deployment: () => Deployment;
}

function redisDeployment(prefix = freshPrefix()): Deployment & { buses: RedisBus[] } {
  const buses: RedisBus[] = [];
  return {
    buses,
    connect: async () => {
      const bus = new RedisBus({ url: REDIS_URL, prefix });
      buses.push(bus);
      // An instance hears the others once subscribed; one that publishes before that is heard anyway.
      await bus.ready();
      return bus;
    },
    close: async () => {
      await Promise.all(buses.map((b) => b.close()));
    },
  };
}

const implementations: Implementation[] = [
  {
    name: "in-process",
    // One process is one instance: every "instance" of the deployment is the same bus.
    deployment: () => {
      const shared = new InProcessBus();
      return { connect: async () => shared, close: async () => {} };
    },
  },
  { name: "Redis", deployment: () => redisDeployment() },
];

describe.each(implementations)("the $name bus", ({ deployment }) => {
  let deploy: Deployment;
  beforeEach(() => {
    deploy = deployment();
  });
  afterEach(async () => {
    await deploy.close();
  });

  it("delivers a message to this instance's subscribers of its topic before publish returns, and to no other topic", async () => {
    const bus = await deploy.connect();
    const changes: BusMessages["change"][] = [];
    const memberships: BusMessages["memberships"][] = [];
    bus.subscribe("change", (m) => changes.push(m));
    bus.subscribe("memberships", (m) => memberships.push(m));
    bus.publish("change", { users: ["alice", "bob"], event: { kind: "messages", channel: "general" } });
    expect(changes).toEqual([{ users: ["alice", "bob"], event: { kind: "messages", channel: "general" } }]);
    expect(memberships).toEqual([]);
  });

  it("delivers to every subscriber, in order, even when one of them fails", async () => {
    const bus = await deploy.connect();
    const seen: string[] = [];
    const error = jest.spyOn(console, "error").mockImplementation(() => {});
    bus.subscribe("account", ({ user }) => seen.push(`first ${user}`));
    bus.subscribe("account", () => {
      throw new Error("broken subscriber");
    });
    bus.subscribe("account", ({ user }) => seen.push(`last ${user}`));
    expect(() => bus.publish("account", { user: "kim" })).not.toThrow();
    bus.publish("account", { user: "lena" });
    expect(seen).toEqual(["first kim", "last kim", "first lena", "last lena"]);
    error.mockRestore();
  });

  it("stops delivering to a subscriber once it unsubscribes, even from inside its own handler", async () => {
    const bus = await deploy.connect();
    const seen: string[] = [];
    const stop = bus.subscribe("session-revoked", ({ sid }) => {
      seen.push(sid);
      stop();
    });
    const other = bus.subscribe("session-revoked", ({ sid }) => seen.push(`other ${sid}`));
    bus.publish("session-revoked", { sid: "s1" });
    bus.publish("session-revoked", { sid: "s2" });
    other();
    bus.publish("session-revoked", { sid: "s3" });
    expect(seen).toEqual(["s1", "other s1", "other s2"]);
  });

  it("carries every message to the other instances of the deployment, as plain JSON", async () => {
    const one = await deploy.connect();
    const two = await deploy.connect();
    const seen: unknown[] = [];
    two.subscribe("directory", (m) => seen.push(m));
    two.subscribe("sessions-ended", (m) => seen.push(m));
    two.subscribe("memberships", (m) => seen.push(m));
    one.publish("directory", {});
    one.publish("sessions-ended", { user: "alice" });
    one.publish("memberships", { users: ["alice", "Ünal"] });
    await eventually(() => expect(seen).toEqual([{}, { user: "alice" }, { users: ["alice", "Ünal"] }]));
  });
});

describe.each(implementations)("the $name bus, between instances", ({ deployment }) => {
  let deploy: Deployment;
  beforeEach(() => {
    deploy = deployment();
  });
  afterEach(async () => {
    await deploy.close();
  });

  it("gives a message to the sender's own subscribers exactly once and to every other instance's once each", async () => {
    const [one, two, three] = [await deploy.connect(), await deploy.connect(), await deploy.connect()];
    const seen: string[] = [];
    one.subscribe("account", ({ user }) => seen.push(`one ${user}`));
    two.subscribe("account", ({ user }) => seen.push(`two ${user}`));
    three.subscribe("account", ({ user }) => seen.push(`three ${user}`));
    const done: string[] = [];
    for (const bus of [one, two, three]) bus.subscribe("directory", () => done.push("done"));
    one.publish("account", { user: "kim" });
    expect(seen.filter((s) => s.startsWith("one"))).toEqual(["one kim"]);
    // Sent after, so heard after everywhere: once every instance has it, nothing more of "kim" is coming.
    one.publish("directory", {});
    await eventually(() => expect(done).toHaveLength(3));
    expect(seen.sort()).toEqual(["one kim", "three kim", "two kim"]);
  });

  it("keeps one instance's messages in the order it published them", async () => {
    const [one, two] = [await deploy.connect(), await deploy.connect()];
    const seen: string[] = [];
    two.subscribe("bak", ({ user }) => seen.push(user));
    const users = Array.from({ length: 200 }, (_, i) => `u${i}`);
    for (const user of users) one.publish("bak", { user });
    await eventually(() => expect(seen).toEqual(users));
  });
});

/**
 * A TCP relay to Redis that a test can cut and restore, as a network fault or a Redis restart would: while
 * cut, open connections are dropped and new ones refused.
 */
async function relay(): Promise<{ url: string; cut: () => Promise<void>; restore: () => Promise<void>; close: () => Promise<void> }> {
  const target = new URL(REDIS_URL);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      sockets.add(a);
      a.on("error", () => b.destroy());
      a.on("close", () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return { url: `redis://127.0.0.1:${port}`, cut: stop, restore: () => listen(port), close: async () => (server.listening ? stop() : undefined) };
}

describe("the Redis bus, when Redis is away", () => {
  let quiet: jest.SpyInstance[];
  beforeEach(() => {
    quiet = [jest.spyOn(console, "error").mockImplementation(() => {}), jest.spyOn(console, "info").mockImplementation(() => {})];
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it("still delivers locally and never throws while Redis cannot be reached, logs that once, and closes", async () => {
    // Nothing listens on port 1: every connection attempt fails at once, and ioredis keeps retrying.
    const bus = new RedisBus({ url: "redis://127.0.0.1:1", prefix: freshPrefix() });
    const seen: string[] = [];
    bus.subscribe("account", ({ user }) => seen.push(user));
    for (let i = 0; i < 5; i++) expect(() => bus.publish("account", { user: `kim${i}` })).not.toThrow();
    expect(seen).toEqual(["kim0", "kim1", "kim2", "kim3", "kim4"]);
    await expect(bus.ping()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300)); // a few reconnection attempts
    expect(quiet[0]!.mock.calls.filter(([text]) => String(text).startsWith("[bus] Redis unreachable"))).toHaveLength(1);
    await bus.close();
  });

  it("answers a ping while both connections are up, and not while they are cut", async () => {
    const link = await relay();
    const bus = new RedisBus({ url: link.url, prefix: freshPrefix() });
    await bus.ready();
    await expect(bus.ping()).resolves.toBeUndefined();
    await link.cut();
    await eventually(() => expect(bus.ping()).rejects.toThrow());
    await bus.close();
    await link.close();
  });

  it("sends what it published while cut off once Redis is back, in order, and resyncs itself", async () => {
    const prefix = freshPrefix();
    const link = await relay();
    const one = new RedisBus({ url: link.url, prefix });
    const two = new RedisBus({ url: REDIS_URL, prefix });
    await Promise.all([one.ready(), two.ready()]);
    const seen: string[] = [];
    two.subscribe("account", ({ user }) => seen.push(user));
    const resyncs: boolean[] = [];
    one.subscribe("resync", ({ lost }) => resyncs.push(lost));
    await link.cut();
    await eventually(() => expect(one.ping()).rejects.toThrow());
    for (const user of ["a", "b", "c"]) one.publish("account", { user });
    // Published by the other while this one could not listen: gone for it, hence the resync.
    two.publish("directory", {});
    await link.restore();
    await eventually(() => expect(seen).toEqual(["a", "b", "c"]));
    await eventually(() => expect(resyncs).toEqual([true]));
    const heard: string[] = [];
    one.subscribe("account", ({ user }) => heard.push(user));
    two.publish("account", { user: "after" });
    await eventually(() => expect(heard).toEqual(["after"]));
    await Promise.all([one.close(), two.close()]);
    await link.close();
  });

  it("tells every instance to resync when it had to drop messages while cut off", async () => {
    const prefix = freshPrefix();
    const link = await relay();
    const one = new RedisBus({ url: link.url, prefix }, { backlogLimit: 2 });
    const two = new RedisBus({ url: REDIS_URL, prefix });
    await Promise.all([one.ready(), two.ready()]);
    const seen: string[] = [];
    two.subscribe("account", ({ user }) => seen.push(user));
    two.subscribe("resync", ({ lost }) => seen.push(`resync ${lost}`));
    await link.cut();
    await eventually(() => expect(one.ping()).rejects.toThrow());
    for (const user of ["a", "b", "c"]) one.publish("account", { user });
    await link.restore();
    // Two held and sent, the third dropped: the others cannot know what it said, so they start afresh.
    await eventually(() => expect(seen).toEqual(["a", "b", "resync true"]));
    await Promise.all([one.close(), two.close()]);
    await link.close();
  });
});

describe("the Redis bus, starting", () => {
  it("resyncs its own caches once it listens (what they read before may be stale), without calling anything lost", async () => {
    const bus = new RedisBus({ url: REDIS_URL, prefix: freshPrefix() });
    const resyncs: boolean[] = [];
    bus.subscribe("resync", ({ lost }) => resyncs.push(lost));
    await bus.ready();
    expect(resyncs).toEqual([false]);
    await bus.close();
  });
});
