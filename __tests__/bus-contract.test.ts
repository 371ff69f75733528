// The Bus contract: what every implementation (in-process now, a shared one later) must do. A new
// implementation runs this file by adding itself to `implementations`; `connect` returns the bus of
// one instance, and every bus it returns is attached to the same deployment.
import type { Bus, BusMessages } from "@/lib/events";
import { InProcessBus } from "@/lib/events/memory";

interface Implementation {
  name: string;
  /** A fresh deployment; each call of `connect` is one instance of it. */
  deployment: () => { connect: () => Bus; close?: () => Promise<void> };
}

const implementations: Implementation[] = [
  {
    name: "in-process",
    // One process is one instance: every "instance" of the deployment is the same bus.
    deployment: () => {
      const shared = new InProcessBus();
      return { connect: () => shared };
    },
  },
];

/** Waits until `check` holds: a shared bus delivers to other instances a little later. */
async function eventually(check: () => void, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

describe.each(implementations)("the $name bus", ({ deployment }) => {
  let deploy: ReturnType<Implementation["deployment"]>;
  beforeEach(() => {
    deploy = deployment();
  });
  afterEach(async () => {
    await deploy.close?.();
  });

  it("delivers a message to this instance's subscribers of its topic before publish returns, and to no other topic", () => {
    const bus = deploy.connect();
    const changes: BusMessages["change"][] = [];
    const memberships: BusMessages["memberships"][] = [];
    bus.subscribe("change", (m) => changes.push(m));
    bus.subscribe("memberships", (m) => memberships.push(m));
    bus.publish("change", { users: ["alice", "bob"], event: { kind: "messages", channel: "general" } });
    expect(changes).toEqual([{ users: ["alice", "bob"], event: { kind: "messages", channel: "general" } }]);
    expect(memberships).toEqual([]);
  });

  it("delivers to every subscriber, in order, even when one of them fails", () => {
    const bus = deploy.connect();
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

  it("stops delivering to a subscriber once it unsubscribes, even from inside its own handler", () => {
    const bus = deploy.connect();
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
    const one = deploy.connect();
    const two = deploy.connect();
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
