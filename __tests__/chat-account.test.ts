// GET/POST /settings and POST /delete_account.
import { GET as channelMembersRoute } from "@/app/(chat)/channel_members/[channel]/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { POST as createRoute } from "@/app/(chat)/private_channels/create/route";
import { GET as membersRoute } from "@/app/(chat)/private_channels/[id]/members/route";
import { GET as profileRoute } from "@/app/(chat)/profile/[username]/route";
import { GET as settingsGet, POST as settingsPost } from "@/app/(chat)/settings/route";
import { GET as typingGet, POST as typingPost } from "@/app/(chat)/typing/[channel]/route";
import { GET as userColorsRoute } from "@/app/(chat)/user_colors/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { subscribe, type ChangeEvent } from "@/lib/events";
import { call, newUser, PASSWORD, type RequestOptions } from "./helpers/http";
import { expectJson, expectText, getMessages, messages, react, receipts, markRead, rowOf, search, send, sendOk } from "./helpers/chat";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  useSettings({ merge_window_seconds: 0 });
});
afterEach(() => messageStore().settled());

const getSettings = async (cookie: string) => {
  const res = await call(settingsGet, "/settings", { cookie });
  expect(res.status).toBe(200);
  return res.json();
};
const postSettings = (cookie: string, body: RequestOptions) => call(settingsPost, "/settings", { cookie, ...body });
const deleteAccount = (cookie: string, body: RequestOptions) => call(deleteAccountRoute, "/delete_account", { cookie, ...body });
const channelsStatus = async (cookie: string) => (await call(channelsRoute, "/channels", { cookie })).status;
const users = async (cookie: string) => (await call(usersRoute, "/users", { cookie })).json();

describe("GET/POST /settings", () => {
  it("starts empty, stores a colour and a stripped bio, and shows them in /user_colors and /profile", async () => {
    const carol = await newUser("carol");
    expect(await getSettings(carol)).toEqual({ name_color: null, bio: null , theme: "system", language: null });
    await expectText(await postSettings(carol, { json: { name_color: " #A1b2C3 ", bio: "  hello there \n" } }), 200, "ok");
    expect(await getSettings(carol)).toEqual({ name_color: "#A1b2C3", bio: "hello there" , theme: "system", language: null });
    expect(await (await call(userColorsRoute, "/user_colors", { cookie: alice })).json()).toEqual({ carol: "#A1b2C3" });
    expect(await (await call(profileRoute, "/profile/Carol", { cookie: alice }, { username: "Carol" })).json()).toEqual({
      username: "Carol",
      name_color: "#A1b2C3",
      bio: "hello there",
    });
  });

  it("truncates the bio to 160 characters", async () => {
    await postSettings(alice, { json: { bio: "b".repeat(200) } });
    expect((await getSettings(alice)).bio).toBe("b".repeat(160));
    await postSettings(alice, { json: { bio: "é".repeat(161) } });
    expect((await getSettings(alice)).bio).toBe("é".repeat(160));
  });

  it("leaves a key that is absent from the body unchanged; null clears it", async () => {
    await postSettings(alice, { json: { name_color: "#000000", bio: "kept" } });
    await postSettings(alice, { json: { name_color: "#ffffff" } });
    expect(await getSettings(alice)).toEqual({ name_color: "#ffffff", bio: "kept" , theme: "system", language: null });
    await postSettings(alice, { json: { bio: "new bio" } });
    expect(await getSettings(alice)).toEqual({ name_color: "#ffffff", bio: "new bio" , theme: "system", language: null });
    await expectText(await postSettings(alice, { json: { name_color: null } }), 200, "ok");
    expect(await getSettings(alice)).toEqual({ name_color: null, bio: "new bio" , theme: "system", language: null });
    expect(await (await call(userColorsRoute, "/user_colors", { cookie: bob })).json()).not.toHaveProperty("alice");
  });

  it.each(["red", "#12345", "#1234567", "#ggg000", "123456", "", "#12 345", 123456, ["#123456"], true])(
    "refuses name_color %j with 400 invalid color and changes nothing",
    async (color) => {
      await postSettings(bob, { json: { name_color: "#123456", bio: "steady" } });
      await expectText(await postSettings(bob, { json: { name_color: color, bio: "changed?" } }), 400, "invalid color");
      expect(await getSettings(bob)).toEqual({ name_color: "#123456", bio: "steady" , theme: "system", language: null });
    },
  );

  it("refuses a non-string bio and malformed bodies with 400 and changes nothing", async () => {
    await postSettings(bob, { json: { name_color: "#654321", bio: "unchanged" } });
    await expectJson(await postSettings(bob, { json: { bio: 5 } }), 400, { error: "bio must be a string or null" });
    await expectJson(await postSettings(bob, { json: { name_color: "#000000", bio: { x: 1 } } }), 400, { error: "bio must be a string or null" });
    await expectJson(await postSettings(bob, { rawJson: "{bio:" }), 400, { error: "invalid JSON body" });
    await expectJson(await postSettings(bob, { json: "bio" }), 400, { error: "JSON body must be an object" });
    expect(await getSettings(bob)).toEqual({ name_color: "#654321", bio: "unchanged" , theme: "system", language: null });
  });
});

describe("the theme in GET/POST /settings", () => {
  it("follows the system until chosen, is stored per user, and changes only when named", async () => {
    const erin = await newUser("theme_erin");
    expect((await getSettings(erin)).theme).toBe("system");
    await expectText(await postSettings(erin, { json: { theme: "light" } }), 200, "ok");
    expect(await getSettings(erin)).toEqual({ name_color: null, bio: null, theme: "light", language: null });
    // Another user's choice is their own.
    expect((await getSettings(alice)).theme).toBe("system");
    // Port decision 15: a body without the theme leaves it as it was, and the theme leaves the rest.
    await postSettings(erin, { json: { bio: "night owl", name_color: "#102030" } });
    expect(await getSettings(erin)).toEqual({ name_color: "#102030", bio: "night owl", theme: "light", language: null });
    await postSettings(erin, { json: { theme: "dark" } });
    expect(await getSettings(erin)).toEqual({ name_color: "#102030", bio: "night owl", theme: "dark", language: null });
    // "system" and null both go back to following the system.
    await postSettings(erin, { json: { theme: "system" } });
    expect((await getSettings(erin)).theme).toBe("system");
    await postSettings(erin, { json: { theme: "light" } });
    await expectText(await postSettings(erin, { json: { theme: null } }), 200, "ok");
    expect(await getSettings(erin)).toEqual({ name_color: "#102030", bio: "night owl", theme: "system", language: null });
  });

  let fred: string;
  beforeAll(async () => {
    fred = await newUser("theme_fred");
  });

  it.each(["Light", "blue", "", 1, true, ["dark"], { theme: "dark" }])("refuses theme %j with 400 and changes nothing", async (theme) => {
    await postSettings(fred, { json: { theme: "dark", bio: "steady" } });
    await expectJson(await postSettings(fred, { json: { theme, bio: "changed?" } }), 400, { error: 'theme must be "light", "dark", "system" or null' });
    expect(await getSettings(fred)).toEqual({ name_color: null, bio: "steady", theme: "dark", language: null });
  });

  it("a bad colour beside a good theme changes neither", async () => {
    const gina = await newUser("theme_gina");
    await expectText(await postSettings(gina, { json: { theme: "light", name_color: "red" } }), 400, "invalid color");
    expect((await getSettings(gina)).theme).toBe("system");
  });
});

describe("the language in GET/POST /settings", () => {
  it("follows the browser until chosen, is stored per user, and changes only when named", async () => {
    const hana = await newUser("lang_hana");
    expect((await getSettings(hana)).language).toBeNull();
    await expectText(await postSettings(hana, { json: { language: "fr" } }), 200, "ok");
    expect(await getSettings(hana)).toEqual({ name_color: null, bio: null, theme: "system", language: "fr" });
    expect((await getSettings(alice)).language).toBeNull();
    // The theme leaves the language as it was, and null goes back to the browser's.
    await postSettings(hana, { json: { theme: "dark" } });
    expect((await getSettings(hana)).language).toBe("fr");
    await expectText(await postSettings(hana, { json: { language: null } }), 200, "ok");
    expect(await getSettings(hana)).toEqual({ name_color: null, bio: null, theme: "dark", language: null });
  });

  let ivans = 0;
  it.each(["FR", "de", "fr-FR", "", 1, ["fr"]])("refuses language %j with 400 and changes nothing", async (language) => {
    const ivan = await newUser(`lang_ivan${++ivans}`);
    await postSettings(ivan, { json: { language: "en" } });
    await expectJson(await postSettings(ivan, { json: { language, theme: "light" } }), 400, { error: 'language must be "en", "fr" or null' });
    expect(await getSettings(ivan)).toEqual({ name_color: null, bio: null, theme: "system", language: "en" });
  });
});

describe("POST /delete_account", () => {
  it("checks the type first, then the password, and keeps the account on refusal", async () => {
    const dora = await newUser("dora");
    for (const json of [{ type: "medium", password: "wrong" }, { password: PASSWORD }, { type: "SOFT", password: PASSWORD }, { type: 1, password: PASSWORD }]) {
      await expectJson(await deleteAccount(dora, { json }), 400, { error: "Invalid delete type." });
    }
    for (const json of [{ type: "soft", password: "wrong" }, { type: "hard" }, { type: "hard", password: 12345678 }]) {
      await expectJson(await deleteAccount(dora, { json }), 403, { error: "Incorrect password." });
    }
    await expectJson(await deleteAccount(dora, { rawJson: "nope" }), 400, { error: "invalid JSON body" });
    expect(await channelsStatus(dora)).toBe(200);
    expect(await users(alice)).toContain("dora");
  });

  it("soft: the messages stay under Deleted User, the session dies and the name can be registered again", async () => {
    const eve = await newUser("eve");
    const pub = await sendOk(eve, "software", "eve in public");
    const dm = await sendOk(eve, "dm:bob:eve", "eve to bob");
    const bobs = await sendOk(bob, "software", "bob's message");
    await react(eve, bobs, "heart");
    await markRead(eve, "software");
    const created = await (await call(createRoute, "/private_channels/create", { cookie: eve, json: { name: "eve's", members: ["bob"] } })).json();
    await sendOk(eve, created.channel, "eve in private");
    // Bob's page holds the channel up to here and listens for changes.
    const cursor = Math.max(...(await messages(bob, "software")).map((r) => r.updated_ts));
    const heard: ChangeEvent[] = [];
    const unsubscribe = subscribe("bob", (event) => heard.push(event));

    const res = await deleteAccount(eve, { json: { type: "soft", password: PASSWORD } });
    await expectJson(res, 200, { status: "ok" });
    expect(res.headers.get("set-cookie")).toContain("next-auth.session-token=;");
    expect(await channelsStatus(eve)).toBe(401);

    expect((await rowOf(bob, "software", pub))!).toMatchObject({ sender: "Deleted User", content: "eve in public" });
    expect((await rowOf(alice, "software", pub))!).toMatchObject({ sender: "Deleted User", content: "eve in public" });
    // An open page learns of it: the next poll from its cursor brings the renamed rows, and the event stream says so.
    const changed = await messages(bob, "software", String(cursor));
    expect(changed.map((r) => [r.id, r.sender])).toContainEqual([pub, "Deleted User"]);
    unsubscribe();
    expect(heard).toContainEqual({ kind: "accounts" });
    expect((await rowOf(bob, "dm:bob:eve", dm))!).toMatchObject({ sender: "Deleted User", content: "eve to bob" });
    expect((await messages(bob, created.channel)).map((r) => [r.sender, r.content])).toContainEqual(["Deleted User", "eve in private"]);
    expect((await rowOf(bob, "software", bobs))!.reactions).toBeNull();
    expect(JSON.stringify(await (await receipts(bob, "software")).json())).not.toContain("eve");
    expect(await users(bob)).not.toContain("eve");
    await expectJson(await call(membersRoute, "/m", { cookie: bob }, { id: String(created.id) }), 200, [{ username: "bob" }]);
    expect((await search(bob, { from: "eve" })).length).toBe(0);
    await expectText(await send(bob, "dm:bob:eve", "are you there?"), 404, "user not found");

    // The name is free again; the newcomer inherits nothing of the old account.
    const newEve = await newUser("eve");
    expect(await channelsStatus(newEve)).toBe(200);
    expect(await channelsStatus(eve)).toBe(401);
    expect(await messages(newEve, "dm:bob:eve")).toEqual([]);
    await expectText(await getMessages(newEve, created.channel), 403, "forbidden");
    expect(await (await call(dmsRoute, "/dms", { cookie: newEve })).json()).toEqual([]);
  });

  it("takes the DM receipts and typing with it: a newcomer of the same name inherits none (issue 9, point 10)", async () => {
    const ivy = await newUser("ivy");
    const ivyB = await newUser("ivy_b");
    await sendOk(ivy, "dm:bob:ivy", "ivy to bob");
    await sendOk(bob, "dm:bob:ivy", "bob to ivy");
    await sendOk(ivyB, "dm:bob:ivy_b", "another ivy");
    for (const [reader, channel] of [[bob, "dm:bob:ivy"], [ivy, "dm:bob:ivy"], [bob, "dm:bob:ivy_b"], [bob, "software"]] as const) {
      await markRead(reader, channel);
    }
    await call(typingPost, "/typing", { cookie: bob, method: "POST" }, { channel: "dm:bob:ivy" });
    const ivyBReceipts = await (await receipts(bob, "dm:bob:ivy_b")).json();
    const softwareReceipts = await (await receipts(bob, "software")).json();
    expect(JSON.stringify(await (await receipts(bob, "dm:bob:ivy")).json())).toContain("bob");

    await expectJson(await deleteAccount(ivy, { json: { type: "soft", password: PASSWORD } }), 200, { status: "ok" });
    const newIvy = await newUser("ivy");
    await expectJson(await receipts(newIvy, "dm:bob:ivy"), 200, {});
    await expectJson(await call(typingGet, "/typing", { cookie: newIvy }, { channel: "dm:bob:ivy" }), 200, []);
    await expectJson(await call(channelMembersRoute, "/channel_members", { cookie: newIvy }, { channel: "dm:bob:ivy" }), 200, ["bob"]);
    // Nobody else's conversations lose anything, not even a name that merely starts the same.
    await expectJson(await receipts(bob, "dm:bob:ivy_b"), 200, ivyBReceipts);
    await expectJson(await receipts(bob, "software"), 200, softwareReceipts);
  });

  it("hard: the messages disappear from every other user's view and from new users' history", async () => {
    const frank = await newUser("frank");
    const pub = await sendOk(frank, "off-topic", "frank was here");
    const dm = await sendOk(frank, "dm:alice:frank", "frank to alice");
    const alices = await sendOk(alice, "off-topic", "alice stays");
    await expectJson(await deleteAccount(frank, { json: { type: "hard", password: PASSWORD } }), 200, { status: "ok" });
    expect(await channelsStatus(frank)).toBe(401);
    for (const viewer of [alice, bob]) {
      const ids = (await messages(viewer, "off-topic")).map((r) => r.id);
      expect(ids).not.toContain(pub);
      expect(ids).toContain(alices);
    }
    expect((await messages(alice, "dm:alice:frank")).map((r) => r.id)).not.toContain(dm);
    expect(await search(bob, { q: "frank was here" })).toEqual([]);
    expect(await search(alice, { q: "frank to alice" })).toEqual([]);
    const gina = await newUser("gina");
    const history = await messages(gina, "off-topic");
    expect(history.map((r) => r.id)).toContain(alices);
    expect(history.map((r) => r.id)).not.toContain(pub);
    expect(await users(alice)).not.toContain("frank");
  });
});
