// Channel management (issue 16) through the real route handlers: admins create, rename, archive and
// unarchive public channels; everyone browses, joins, leaves and sets a purpose; the notification level
// in /channel_preferences. Authorization (non-admin 403), bad input (400, nothing changed), the live
// notice every client refetches on, archived channels read-only but readable and searchable.
import { GET as preferencesRoute } from "@/app/(chat)/channel_preferences/route";
import { POST as setPreferenceRoute } from "@/app/(chat)/channel_preferences/[channel]/route";
import { GET as mentionsRoute } from "@/app/(chat)/channel_mentions/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as archiveRoute } from "@/app/(chat)/channels/[channel]/archive/route";
import { POST as joinRoute } from "@/app/(chat)/channels/[channel]/join/route";
import { POST as leaveRoute } from "@/app/(chat)/channels/[channel]/leave/route";
import { POST as purposeRoute } from "@/app/(chat)/channels/[channel]/purpose/route";
import { POST as renameRoute } from "@/app/(chat)/channels/[channel]/rename/route";
import { POST as unarchiveRoute } from "@/app/(chat)/channels/[channel]/unarchive/route";
import { GET as browseRoute } from "@/app/(chat)/channels/browse/route";
import { POST as createRoute } from "@/app/(chat)/channels/create/route";
import { removeAccount } from "@/lib/auth/accounts";
import { db } from "@/lib/db/client";
import { bus, subscribe, type ChangeEvent } from "@/lib/events";
import { messageStore } from "@/lib/messages";
import { isPublicChannel } from "@/lib/public-channels";
import { channelUnreads, expectJson, messages, searchRaw, send, sendOk } from "./helpers/chat";
import { eventually } from "./helpers/eventually";
import { call, newUser } from "./helpers/http";
import { tribune } from "./helpers/tribune";

type Summary = { id: string; name: string; purpose: string; archived: boolean; configured: boolean; member_count: number; joined: boolean; can_manage: boolean };

let admin: string; // the first account is the admin
let bob: string;
let carol: string;

beforeAll(async () => {
  admin = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
});
afterEach(async () => {
  await messageStore().settled();
});

const enc = encodeURIComponent;
const browse = async (cookie: string): Promise<Summary[]> => {
  const res = await call(browseRoute, "/channels/browse", { cookie });
  expect(res.status).toBe(200);
  return res.json();
};
const sidebar = async (cookie: string): Promise<string[]> => (await call(channelsRoute, "/channels", { cookie })).json();
const create = (cookie: string | undefined, json: unknown) => call(createRoute, "/channels/create", { cookie, method: "POST", json });
type Handler = Parameters<typeof call>[0];
const onChannel = (handler: Handler, action: string) => (cookie: string | undefined, channel: string, json?: unknown) =>
  call(handler, `/channels/${enc(channel)}/${action}`, { cookie, method: "POST", ...(json === undefined ? {} : { json }) }, { channel });
const rename = onChannel(renameRoute, "rename");
const archive = onChannel(archiveRoute, "archive");
const unarchive = onChannel(unarchiveRoute, "unarchive");
const join = onChannel(joinRoute, "join");
const leave = onChannel(leaveRoute, "leave");
const purpose = onChannel(purposeRoute, "purpose");
const setPreference = (cookie: string, channel: string, json: unknown) =>
  call(setPreferenceRoute, `/channel_preferences/${enc(channel)}`, { cookie, method: "POST", json }, { channel });
const entry = async (cookie: string, id: string) => (await browse(cookie)).find((c) => c.id === id);

/** Runs `act` and returns the change notices `user`'s event stream got meanwhile. */
async function noticesDuring(user: string, act: () => Promise<unknown>): Promise<ChangeEvent[]> {
  const seen: ChangeEvent[] = [];
  const stop = subscribe(user, (event) => seen.push(event));
  try {
    await act();
  } finally {
    stop();
  }
  return seen;
}

describe("GET /channels/browse", () => {
  it("lists settings.json's channels with purpose, member count, archived flag and the caller's membership", async () => {
    const list = await browse(bob);
    expect(list.map((c) => c.id)).toEqual(["general", "software", "off-topic"].filter((id) => list.some((c) => c.id === id)));
    const general = list.find((c) => c.id === "general")!;
    expect(general).toEqual({ id: "general", name: "general", purpose: "", archived: false, configured: true, member_count: 3, joined: true, can_manage: false });
    expect((await browse(admin)).find((c) => c.id === "general")?.can_manage).toBe(true);
  });

  it("answers 401 without a session", async () => {
    const res = await call(browseRoute, "/channels/browse");
    expect(res.status).toBe(401);
  });
});

describe("creating a channel", () => {
  it("is refused to a non-admin with 403 and creates nothing", async () => {
    await expectJson(await create(bob, { name: "bobs-place" }), 403, { error: "only an admin can do this" });
    expect((await browse(bob)).some((c) => c.id === "bobs-place")).toBe(false);
    expect(isPublicChannel("bobs-place")).toBe(false);
  });

  it("refuses bad names with 400 and a clear message", async () => {
    for (const [json, error] of [
      [{ name: "" }, "name required"],
      [{}, "name required"],
      [{ name: "two words" }, "channel names may not contain spaces, ':', '/', '\\' or control characters"],
      [{ name: "dm:x" }, "channel names may not contain spaces, ':', '/', '\\' or control characters"],
      [{ name: "a/b" }, "channel names may not contain spaces, ':', '/', '\\' or control characters"],
      [{ name: ".." }, "channel names may not be '.' or '..'"],
      [{ name: "\u202egeneral" }, "channel name contains a control or formatting character (U+202E)"],
      [{ name: "x".repeat(81) }, "channel name must be 80 characters or fewer"],
      [{ name: "browse" }, "'browse' is reserved (a path under /channels/)"],
      [{ name: "ok", purpose: 5 }, "purpose must be text"],
      [{ name: "ok", purpose: "y".repeat(251) }, "purpose must be 250 characters or fewer"],
    ] as const) {
      await expectJson(await create(admin, json), 400, { error: error });
    }
    const bad = await call(createRoute, "/channels/create", { cookie: admin, method: "POST", rawJson: "{" });
    expect(bad.status).toBe(400);
    expect((await browse(admin)).map((c) => c.id)).not.toContain("ok");
  });

  it("refuses a name another public channel has (id or shown name, any case) with 409", async () => {
    await expectJson(await create(admin, { name: "General" }), 409, { error: "a public channel with this name exists" });
  });

  it("makes a public channel at once, without restart: the creator is in it, others see it in the browser and can join", async () => {
    const notices = await noticesDuring(carol, async () => {
      const res = await create(admin, { name: "design", purpose: "Pixels and fonts" });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: "design", name: "design", purpose: "Pixels and fonts", archived: false, configured: false, member_count: 1, joined: true, can_manage: true });
    });
    expect(notices).toContainEqual({ kind: "channels", channel: "design" });
    expect(isPublicChannel("design")).toBe(true);
    expect(await sidebar(admin)).toContain("design");
    expect(await sidebar(bob)).not.toContain("design");
    expect(await entry(bob, "design")).toMatchObject({ joined: false, member_count: 1 });

    // Everyone may read and post in it (it is public); a message reaches bob before he joins.
    const id = await sendOk(admin, "design", "welcome to design");
    expect((await messages(bob, "design")).map((r) => r.id)).toContain(id);
    expect(await channelUnreads(bob)).not.toHaveProperty("design");

    const joined = await join(bob, "design");
    expect(joined.status).toBe(200);
    expect(await joined.json()).toMatchObject({ id: "design", joined: true, member_count: 2 });
    expect(await sidebar(bob)).toContain("design");
    expect((await channelUnreads(bob)).design).toBe(1); // rejoining shows the history, unread
  });

  it("is a tribune board at once", async () => {
    const res = await tribune("/tribune/design/remote/tsv/", { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain("welcome to design");
  });
});

describe("joining and leaving", () => {
  it("leaving a settings.json channel takes it out of the sidebar and every count; messages still arrive; rejoining shows them", async () => {
    await expectJson(await leave(carol, "software"), 200, expect.objectContaining({ id: "software", joined: false, member_count: 2 }) as never);
    expect(await sidebar(carol)).not.toContain("software");
    const id = await sendOk(admin, "software", "@carol have a look");
    expect(await channelUnreads(carol)).not.toHaveProperty("software");
    const mentions = (await (await call(mentionsRoute, "/channel_mentions", { cookie: carol })).json()) as Record<string, number>;
    expect(mentions).not.toHaveProperty("software");

    await join(carol, "software");
    expect(await sidebar(carol)).toContain("software");
    expect((await messages(carol, "software")).map((r) => r.id)).toContain(id);
    expect((await channelUnreads(carol)).software).toBe(1);
  });

  it("answers 404 JSON for an unknown channel, and for DMs and private channels (not public)", async () => {
    for (const channel of ["nope", "dm:alice:bob", "private:1"]) {
      await expectJson(await join(bob, channel), 404, { error: "channel not found" });
    }
  });
});

describe("renaming", () => {
  it("is refused to a non-admin", async () => {
    await expectJson(await rename(bob, "design", { name: "art" }), 403, { error: "only an admin can do this" });
    expect((await entry(bob, "design"))?.name).toBe("design");
  });

  it("changes the name shown and keeps the id and all history", async () => {
    const before = (await messages(admin, "design")).map((r) => r.id);
    const notices = await noticesDuring(bob, () => rename(admin, "design", { name: "Design-Team" }));
    expect(notices).toContainEqual({ kind: "channels", channel: "design" });
    expect(await entry(bob, "design")).toMatchObject({ id: "design", name: "Design-Team" });
    expect((await messages(admin, "design")).map((r) => r.id)).toEqual(before);
    // A settings.json channel can be renamed too; its id stays.
    expect(await (await rename(admin, "off-topic", { name: "watercooler" })).json()).toMatchObject({ id: "off-topic", name: "watercooler", configured: true });
  });

  it("refuses a taken name (409), a bad name (400) and an unknown channel (404), changing nothing", async () => {
    await expectJson(await rename(admin, "design", { name: "software" }), 409, { error: "a public channel with this name exists" });
    await expectJson(await rename(admin, "design", { name: "WATERCOOLER" }), 409, { error: "a public channel with this name exists" });
    await expectJson(await rename(admin, "design", { name: "has space" }), 400, { error: "channel names may not contain spaces, ':', '/', '\\' or control characters" });
    await expectJson(await rename(admin, "nope", { name: "fine" }), 404, { error: "channel not found" });
    expect((await entry(admin, "design"))?.name).toBe("Design-Team");
  });
});

describe("purpose", () => {
  it("anyone sets it; it is one line of at most 250 characters; empty clears it", async () => {
    expect(await (await purpose(bob, "general", { purpose: "  Everything else  " })).json()).toMatchObject({ id: "general", purpose: "Everything else" });
    expect((await entry(carol, "general"))?.purpose).toBe("Everything else");
    await expectJson(await purpose(bob, "general", { purpose: "two\nlines" }), 400, { error: "purpose must be one line" });
    await expectJson(await purpose(bob, "general", {}), 400, { error: "purpose must be text" });
    expect((await entry(carol, "general"))?.purpose).toBe("Everything else");
    expect(await (await purpose(bob, "general", { purpose: "" })).json()).toMatchObject({ purpose: "" });
  });
});

describe("archiving", () => {
  it("is refused to a non-admin, and for a settings.json channel (409)", async () => {
    await expectJson(await archive(bob, "design"), 403, { error: "only an admin can do this" });
    await expectJson(await archive(admin, "general"), 409, { error: "this channel is named in settings.json and cannot be archived; remove it there first" });
    expect((await entry(admin, "general"))?.archived).toBe(false);
  });

  it("makes a channel read-only, hidden from sidebars, still readable, searchable and listed as archived", async () => {
    const older = await sendOk(bob, "design", "zanzibar before the archive");
    const notices = await noticesDuring(carol, () => archive(admin, "design"));
    expect(notices).toContainEqual({ kind: "channels", channel: "design" });
    expect(await entry(carol, "design")).toMatchObject({ archived: true });
    expect(await sidebar(admin)).not.toContain("design");
    expect(await channelUnreads(bob)).not.toHaveProperty("design");

    const refused = await send(admin, "design", "one more?");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "channel is archived" });
    expect((await messages(bob, "design")).map((r) => r.id)).toContain(older);
    expect((await messages(bob, "design")).map((r) => r.content)).not.toContain("one more?");

    const search = await searchRaw(bob, { q: "zanzibar" });
    expect(search.status).toBe(200);
    expect(JSON.stringify(await search.json())).toContain("zanzibar before the archive");

    await expectJson(await purpose(bob, "design", { purpose: "x" }), 403, { error: "channel is archived" });
    await expectJson(await join(carol, "design"), 403, { error: "channel is archived" });
    expect((await leave(bob, "design")).status).toBe(200);

    // The tribune refuses posts to it.
    const post = await tribune("/tribune/design/post/", { form: { content: "hello" }, headers: { cookie: admin, "user-agent": "olcc/2.0" } });
    expect(post.status).toBe(403);
    expect(String(post.body)).toBe("channel is archived");
  });

  it("an admin unarchives it: writable and back in its members' sidebars", async () => {
    await expectJson(await unarchive(bob, "design"), 403, { error: "only an admin can do this" });
    expect(await (await unarchive(admin, "design")).json()).toMatchObject({ archived: false });
    expect(await sidebar(admin)).toContain("design");
    await sendOk(admin, "design", "we are back");
  });
});

describe("notification level in /channel_preferences", () => {
  const prefs = async (cookie: string) => (await call(preferencesRoute, "/channel_preferences", { cookie })).json();

  it("stores all, mentions or none; mute is none", async () => {
    await expectJson(await setPreference(bob, "general", { notify: "mentions" }), 200, { muted: false, notify: "mentions" });
    expect(await prefs(bob)).toEqual({ general: { muted: false, notify: "mentions" } });
    await expectJson(await setPreference(bob, "general", { muted: true }), 200, { muted: true, notify: "none" });
    expect(await prefs(bob)).toEqual({ general: { muted: true, notify: "none" } });
    await expectJson(await setPreference(bob, "general", { notify: "all" }), 200, { muted: false, notify: "all" });
    expect(await prefs(bob)).toEqual({});
  });

  it("refuses a bad level or a contradiction with 400, storing nothing", async () => {
    await expectJson(await setPreference(bob, "general", { notify: "some" }), 400, { error: "notify must be all, mentions or none" });
    await expectJson(await setPreference(bob, "general", { muted: true, notify: "all" }), 400, { error: "muted and notify disagree (muted is notify none)" });
    expect(await prefs(bob)).toEqual({});
  });
});

describe("account deletion", () => {
  it("forgets which channels the account joined or left: a new account of that name starts with the defaults", async () => {
    const dave = await newUser("dave");
    expect((await leave(dave, "general")).status).toBe(200);
    expect(await sidebar(dave)).not.toContain("general");
    await removeAccount("dave", "hard");
    const again = await newUser("dave");
    expect(await sidebar(again)).toContain("general");
    expect(await db().publicChannelMember.count({ where: { username: "dave", joined: false } })).toBe(0);
  });
});

describe("the list on every instance", () => {
  it("is re-read when the bus says it changed", async () => {
    // Another instance's change: the row is written behind this instance's back, then announced.
    await db().publicChannel.create({ data: { id: "elsewhere", name: "elsewhere", createdAt: 1, updatedAt: 1 } });
    expect(isPublicChannel("elsewhere")).toBe(false);
    bus().publish("public-channels", {});
    await eventually(() => expect(isPublicChannel("elsewhere")).toBe(true));
    expect((await browse(bob)).map((c) => c.id)).toContain("elsewhere");
    expect(isPublicChannel("elsewhere")).toBe(true);
  });
});
