import { GET as onlineRoute } from "@/app/(chat)/online_users/route";
import { GET as getOverrideRoute, POST as overrideRoute } from "@/app/(chat)/presence/override/route";
import { POST as presenceRoute } from "@/app/(chat)/presence/route";
import { GET as typingGet, POST as typingPost } from "@/app/(chat)/typing/[channel]/route";
import { db } from "@/lib/db/client";
import { resetAllPresence } from "@/lib/presence";
import { call, newUser } from "./helpers/http";

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
});

const online = async (cookie: string) => (await call(onlineRoute, "/online_users", { cookie })).json();

describe("presence", () => {
  it("reports the state each user last posted; signup starts active", async () => {
    expect(await online(alice)).toMatchObject({ alice: "active", bob: "active" });
    for (const state of ["idle", "hidden", "offline", "active"]) {
      const res = await call(presenceRoute, "/presence", { cookie: bob, json: { state } });
      expect(res.status).toBe(204);
      expect((await online(alice)).bob).toBe(state);
    }
  });

  it("refuses unknown states and malformed bodies with 400 and keeps the state", async () => {
    await call(presenceRoute, "/presence", { cookie: bob, json: { state: "idle" } });
    for (const body of [{ json: { state: "away" } }, { json: { state: 1 } }, { json: {} }, { rawJson: "nope" }]) {
      expect((await call(presenceRoute, "/presence", { cookie: bob, ...body })).status).toBe(400);
    }
    expect((await online(alice)).bob).toBe("idle");
  });

  it("lets an override win over the reported state until it is cleared", async () => {
    expect(await (await call(getOverrideRoute, "/presence/override", { cookie: carol })).json()).toEqual({ override: null });
    expect((await call(overrideRoute, "/presence/override", { cookie: carol, json: { override: "offline" } })).status).toBe(204);
    await call(presenceRoute, "/presence", { cookie: carol, json: { state: "active" } });
    expect((await online(alice)).carol).toBe("offline");
    expect(await (await call(getOverrideRoute, "/presence/override", { cookie: carol })).json()).toEqual({ override: "offline" });
    for (const clear of [null, "", "auto"]) {
      await call(overrideRoute, "/presence/override", { cookie: carol, json: { override: "idle" } });
      expect((await online(alice)).carol).toBe("idle");
      await call(overrideRoute, "/presence/override", { cookie: carol, json: { override: clear } });
      expect((await online(alice)).carol).toBe("active");
    }
    const bad = await call(overrideRoute, "/presence/override", { cookie: carol, json: { override: "hidden" } });
    expect(bad.status).toBe(400);
  });

  it("forgets users not seen for an hour", async () => {
    await db().presence.update({ where: { username: "carol" }, data: { lastSeen: Math.floor(Date.now() / 1000) - 3601 } });
    expect(await online(alice)).not.toHaveProperty("carol");
    await db().presence.update({ where: { username: "carol" }, data: { lastSeen: Math.floor(Date.now() / 1000) - 3590 } });
    expect(await online(alice)).toHaveProperty("carol");
  });

  it("marks everyone offline with overrides cleared when the server starts", async () => {
    await call(overrideRoute, "/presence/override", { cookie: alice, json: { override: "idle" } });
    await resetAllPresence();
    const states = await online(bob);
    expect(Object.values(states).every((s) => s === "offline")).toBe(true);
  });

  it("answers anonymous callers 401 unauthorized", async () => {
    for (const [handler, path, options] of [
      [onlineRoute, "/online_users", {}],
      [presenceRoute, "/presence", { json: { state: "active" } }],
      [getOverrideRoute, "/presence/override", {}],
    ] as const) {
      const res = await call(handler, path, options);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
  });
});

describe("typing", () => {
  const post = (cookie: string, channel: string) => call(typingPost, `/typing/${channel}`, { method: "POST", cookie }, { channel });
  const get = async (cookie: string, channel: string) => call(typingGet, `/typing/${channel}`, { cookie }, { channel });

  it("shows who else is typing in a channel for five seconds", async () => {
    expect((await post(bob, "general")).status).toBe(204);
    expect(await (await get(alice, "general")).json()).toEqual(["bob"]);
    expect(await (await get(bob, "general")).json()).toEqual([]);
    await db().typing.update({
      where: { username_channel: { username: "bob", channel: "general" } },
      data: { ts: Math.floor(Date.now() / 1000) - 6 },
    });
    expect(await (await get(alice, "general")).json()).toEqual([]);
  });

  it("treats any spelling of a DM id as the one canonical conversation", async () => {
    expect((await post(alice, "dm:Bob:ALICE")).status).toBe(204);
    expect(await (await get(bob, "dm:alice:bob")).json()).toEqual(["alice"]);
  });

  it("refuses channels the caller cannot see", async () => {
    for (const channel of ["dm:bob:carol", "private:1", "nochannel", "dm:alice"]) {
      const res = await post(alice, channel);
      expect(res.status).toBe(403);
      expect(await res.text()).toBe("forbidden");
      expect((await get(alice, channel)).status).toBe(403);
    }
    expect(await (await get(carol, "dm:bob:carol")).json()).toEqual([]);
  });

  it("answers 404 user not found for a DM naming an unknown user", async () => {
    const res = await post(alice, "dm:alice:zed");
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("user not found");
    expect(await db().typing.count({ where: { channel: { contains: "zed" } } })).toBe(0);
  });
});
