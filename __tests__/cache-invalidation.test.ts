// Every per-instance cache drops its entry when an invalidation arrives on the bus, whoever published
// it: another instance changed the shared database, and this one must honour it on the next request.
import { decode } from "next-auth/jwt";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { db, nowSeconds } from "@/lib/db/client";
import { bus, onSessionsEnded, subscribe, type ChangeEvent } from "@/lib/events";
import { call, newUser } from "./helpers/http";

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});

const channels = (cookie: string) => call(channelsRoute, "/channels", { cookie });

it("a session revoked elsewhere is refused here once the bus says so", async () => {
  const cookie = await newUser("kim");
  expect((await channels(cookie)).status).toBe(200);
  const token = cookie.slice(SESSION_COOKIE.length + 1);
  const claims = await decode({ token, secret: process.env.AUTH_SECRET! });
  const sid = claims!.sid as string;
  // Another instance's logout: its row, then its message.
  await db().revokedSession.create({ data: { sid, expiresAt: nowSeconds() + 3600 } });
  bus().publish("session-revoked", { sid });
  expect((await channels(cookie)).status).toBe(401);
});

it("sessions ended elsewhere (a password change, signing out everywhere) are refused here once the bus says so", async () => {
  const cookie = await newUser("lena");
  expect((await channels(cookie)).status).toBe(200);
  await db().user.update({ where: { username: "lena" }, data: { sessionVersion: { increment: 1 } } });
  bus().publish("account", { user: "lena" });
  expect((await channels(cookie)).status).toBe(401);
});

it("an event stream closes when the bus says the account's sessions ended", () => {
  const closed: string[] = [];
  onSessionsEnded("alice", () => closed.push("alice"));
  onSessionsEnded("bob", () => closed.push("bob"));
  bus().publish("sessions-ended", { user: "alice" });
  expect(closed).toEqual(["alice"]);
});

it("change notices on the bus reach the streams of the users they name", () => {
  const seen: [string, ChangeEvent][] = [];
  const stopAlice = subscribe("alice", (e) => seen.push(["alice", e]));
  const stopBob = subscribe("bob", (e) => seen.push(["bob", e]));
  bus().publish("change", { users: ["bob"], event: { kind: "messages", channel: "dm:alice:bob" } });
  bus().publish("change", { users: "all", event: { kind: "accounts" } });
  stopAlice();
  stopBob();
  expect(seen).toEqual([
    ["bob", { kind: "messages", channel: "dm:alice:bob" }],
    ["alice", { kind: "accounts" }],
    ["bob", { kind: "accounts" }],
  ]);
});

it("a membership added elsewhere lets the member in here once the bus says so", async () => {
  const res = await call(createRoute, "/private_channels/create", { cookie: alice, json: { name: "plans", members: [] } });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: number };
  const channel = `private:${id}`;
  const members = () => call(channelMembersRoute, `/channel_members/${channel}`, { cookie: bob }, { channel });
  expect((await members()).status).toBe(403);
  await db().privateChannelMember.create({ data: { channelId: id, username: "bob", joinedTs: nowSeconds() } });
  bus().publish("memberships", { users: ["bob"] });
  expect((await members()).status).toBe(200);
});

it("an account created elsewhere is listed here once the bus says so", async () => {
  const listed = async () => (await (await call(usersRoute, "/users", { cookie: alice })).json()) as string[];
  expect(await listed()).not.toContain("nora");
  await db().user.create({
    data: { username: "nora", usernameKey: "nora", accountId: "nora-account", passwordHash: "x", createdAt: nowSeconds() },
  });
  bus().publish("directory", {});
  expect(await listed()).toContain("nora");
});

it("after a resync (notices from other instances may have been missed), every cache reads the database afresh", async () => {
  const cookie = await newUser("omar");
  const res = await call(createRoute, "/private_channels/create", { cookie: alice, json: { name: "missed", members: [] } });
  const { id } = (await res.json()) as { id: number };
  const channel = `private:${id}`;
  const members = () => call(channelMembersRoute, `/channel_members/${channel}`, { cookie: bob }, { channel });
  const listed = async () => (await (await call(usersRoute, "/users", { cookie: alice })).json()) as string[];
  // Warm: omar's session is live, bob is not a member, paula does not exist.
  expect((await channels(cookie)).status).toBe(200);
  expect((await members()).status).toBe(403);
  expect(await listed()).not.toContain("paula");
  // Other instances change all three, and their notices never arrive.
  await db().user.update({ where: { username: "omar" }, data: { sessionVersion: { increment: 1 } } });
  await db().privateChannelMember.create({ data: { channelId: id, username: "bob", joinedTs: nowSeconds() } });
  await db().user.create({ data: { username: "paula", usernameKey: "paula", accountId: "paula-account", passwordHash: "x", createdAt: nowSeconds() } });
  expect((await channels(cookie)).status).toBe(200); // still the cached answers
  bus().publish("resync", { lost: false });
  expect((await channels(cookie)).status).toBe(401);
  expect((await members()).status).toBe(200);
  expect(await listed()).toContain("paula");
});

it("after a resync for lost messages, every event stream is told to refetch everything, then closes (a page reconnects with the session it holds)", () => {
  const seen: string[] = [];
  const stopAlice = subscribe("alice", (e) => seen.push(`alice ${e.kind}`));
  onSessionsEnded("alice", () => seen.push("alice closed"));
  onSessionsEnded("bob", () => seen.push("bob closed"));
  bus().publish("resync", { lost: false }); // the bus has just started listening: streams are young enough
  expect(seen).toEqual([]);
  bus().publish("resync", { lost: true });
  stopAlice();
  expect(seen).toEqual(["alice accounts", "alice closed", "bob closed"]);
});
