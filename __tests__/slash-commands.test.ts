// Slash commands through POST /send/<channel> (issue 15): what each command does, what it posts, what
// it answers the sender alone, and that unknown commands and bad arguments are refused with nothing written.
import { GET as preferencesRoute } from "@/app/(chat)/channel_preferences/route";
import { POST as setPreferenceRoute } from "@/app/(chat)/channel_preferences/[channel]/route";
import { GET as onlineRoute } from "@/app/(chat)/online_users/route";
import { GET as getOverrideRoute, POST as overrideRoute } from "@/app/(chat)/presence/override/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { COMMAND_LIST, SHRUG } from "@/lib/chat/commands";
import { messageStore } from "@/lib/messages";
import { everythingStored } from "./helpers/blobs";
import { expectJson, expectText, messages, send, sendOk } from "./helpers/chat";
import { BASE, call, newUser } from "./helpers/http";

let alice: string;
let bob: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
});
afterEach(async () => {
  await messageStore().settled();
});

const override = async (cookie: string) => ((await (await call(getOverrideRoute, "/presence/override", { cookie })).json()) as { override: string | null }).override;
const online = async (cookie: string) => (await (await call(onlineRoute, "/online_users", { cookie })).json()) as Record<string, string>;
const preferences = async (cookie: string) => (await (await call(preferencesRoute, "/channel_preferences", { cookie })).json()) as Record<string, unknown>;
const contents = async (cookie: string, channel: string) => (await messages(cookie, channel)).map((r) => r.content);

/** Sends a command that posts nothing and returns its notice (asserting the 200 JSON answer). */
async function ephemeral(cookie: string, channel: string, text: string): Promise<string> {
  const before = await contents(cookie, channel);
  const res = await send(cookie, channel, text);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("X-Message-Id")).toBeNull();
  const body = (await res.json()) as { ephemeral: string };
  expect(Object.keys(body)).toEqual(["ephemeral"]);
  expect(await contents(cookie, channel)).toEqual(before); // never stored
  return body.ephemeral;
}

describe("commands that post", () => {
  it("/me posts the action as *italic* text, shown to everyone in the channel", async () => {
    const id = await sendOk(alice, "general", "/me waves at everyone  ");
    const row = (await messages(bob, "general")).find((r) => r.id === id);
    expect(row).toMatchObject({ sender: "alice", content: "*waves at everyone*", content_type: "text" });
  });

  it("/shrug appends the shrug as typed, or posts it alone", async () => {
    const withText = await sendOk(alice, "general", "/shrug no idea");
    const alone = await sendOk(alice, "general", "/shrug");
    const rows = await messages(bob, "general");
    expect(rows.find((r) => r.id === withText)?.content).toBe("no idea ¯\\_(ツ)_/¯");
    expect(rows.find((r) => r.id === alone)?.content).toBe(SHRUG);
    expect(SHRUG).toBe("¯\\_(ツ)_/¯");
  });

  it("/me without text is refused with its usage, and nothing is posted", async () => {
    const before = await contents(alice, "general");
    await expectJson(await send(alice, "general", "/me   "), 400, { error: "usage: /me <text>" });
    expect(await contents(alice, "general")).toEqual(before);
  });

  it("//text posts /text literally; a slash inside the word is ordinary text", async () => {
    const literal = await sendOk(alice, "general", "//away is a command");
    const path = await sendOk(alice, "general", "/usr/bin/env is where it lives");
    const rows = await messages(bob, "general");
    expect(rows.find((r) => r.id === literal)?.content).toBe("/away is a command");
    expect(rows.find((r) => r.id === path)?.content).toBe("/usr/bin/env is where it lives");
  });

  it("the tribune's /name, /nick and /lastfm are posted as typed from the web chat, as before", async () => {
    for (const text of ["/name Zorglub", "/nick zz", "/lastfm"]) {
      const id = await sendOk(alice, "software", text);
      expect((await messages(bob, "software")).find((r) => r.id === id)?.content).toBe(text);
    }
  });

  it("/bak still runs the sender's filters and answers ok, posting nothing", async () => {
    const before = await contents(alice, "software");
    await expectText(await send(alice, "software", "/bak add ua Spammer/1"), 200, "ok");
    expect(await contents(alice, "software")).toEqual(before);
    await expectText(await send(alice, "software", "/bak reset"), 200, "ok");
  });
});

describe("commands answered to the sender alone", () => {
  it("/away, /dnd, /offline and /online set the presence override others see", async () => {
    expect(await ephemeral(bob, "general", "/away")).toBe("You are shown as away.");
    expect(await override(bob)).toBe("idle");
    expect((await online(alice)).bob).toBe("idle");

    expect(await ephemeral(bob, "general", "/dnd")).toMatch(/^Do not disturb/);
    expect(await override(bob)).toBe("dnd");
    // The reference's clients know four states: a do-not-disturb user is present, so `active` to them.
    expect((await online(alice)).bob).toBe("active");

    expect(await ephemeral(bob, "general", "/offline")).toBe("You are shown as offline.");
    expect((await online(alice)).bob).toBe("offline");
    expect(await ephemeral(bob, "general", "/online")).toBe("You are shown as online.");
    expect(await override(bob)).toBe("active");
    // The reference's door still takes only its own values, and clears any override.
    expect((await call(overrideRoute, "/presence/override", { cookie: bob, json: { override: "dnd" } })).status).toBe(400);
    expect((await call(overrideRoute, "/presence/override", { cookie: bob, json: { override: "auto" } })).status).toBe(204);
    expect(await override(bob)).toBeNull();
  });

  it("/mute and /unmute store the channel preference, for this channel or the one named", async () => {
    expect(await preferences(alice)).toEqual({});
    expect(await ephemeral(alice, "general", "/mute")).toBe("#general is muted: no sounds or notifications for it. /unmute to undo.");
    expect(await preferences(alice)).toEqual({ general: { muted: true, notify: "none" } });
    expect(await ephemeral(alice, "general", "/mute #software")).toMatch(/^#software is muted/);
    expect(await preferences(alice)).toEqual({ general: { muted: true, notify: "none" }, software: { muted: true, notify: "none" } });
    expect(await preferences(bob)).toEqual({}); // one's own
    expect(await ephemeral(alice, "software", "/unmute general")).toBe("#general is no longer muted.");
    expect(await preferences(alice)).toEqual({ software: { muted: true, notify: "none" } });
    await ephemeral(alice, "software", "/unmute");
    expect(await preferences(alice)).toEqual({});
  });

  it("/mute of a channel the sender cannot see is refused and stores nothing", async () => {
    for (const target of ["nosuchchannel", "private:999", "dm:alice:nobody-here", "dm:bob:carol"]) {
      await expectJson(await send(alice, "general", `/mute ${target}`), 400, { error: `no channel "${target}" that you can see` });
    }
    expect(await preferences(alice)).toEqual({});
  });

  it("/help lists every command", async () => {
    const help = await ephemeral(alice, "general", "/help");
    for (const command of COMMAND_LIST) expect(help).toContain(command.usage);
    for (const name of ["/me", "/shrug", "/away", "/online", "/dnd", "/offline", "/mute", "/unmute", "/help", "/bak", "//"]) {
      expect(help).toContain(name);
    }
  });
});

describe("refusals", () => {
  it("every command the composer suggests is one the server knows", async () => {
    for (const { name } of COMMAND_LIST) {
      const res = await send(bob, "off-topic", name === "me" ? "/me checks" : name === "bak" ? "/bak on" : `/${name}`);
      expect([name, res.status]).toEqual([name, 200]);
      expect(await res.text()).not.toContain("unknown command");
    }
  });

  it("an unknown command answers 400 with a clear error and nothing is stored", async () => {
    const before = await contents(alice, "general");
    const unknown: Array<[text: string, name: string]> = [["/frobnicate now", "frobnicate"], ["/constructor", "constructor"], ["  /x", "x"]];
    for (const [text, name] of unknown) {
      await expectJson(await send(alice, "general", text), 400, { error: `unknown command /${name} — /help lists the commands` });
    }
    expect(await contents(alice, "general")).toEqual(before);
    expect(await override(alice)).toBeNull();
  });

  it("a command that posts nothing refuses attachments, and no upload stays behind", async () => {
    const storedBefore = await everythingStored();
    const form = new FormData();
    form.set("text", "/away");
    form.append("files", new Blob(["hello"]), "note.txt");
    const res = await sendRoute(new Request(`${BASE}/send/general`, { method: "POST", body: form, headers: { cookie: alice } }), {
      params: Promise.resolve({ channel: "general" }),
    });
    await expectJson(res, 400, { error: "/away takes no attachments" });
    expect(await everythingStored()).toEqual(storedBefore);
    expect(await override(alice)).toBeNull();
  });
});

describe("POST /channel_preferences/<channel>", () => {
  const setPreference = (cookie: string, channel: string, options: Parameters<typeof call>[2]) =>
    call(setPreferenceRoute, `/channel_preferences/${encodeURIComponent(channel)}`, { cookie, ...options }, { channel });

  it("mutes and unmutes, answering the preference", async () => {
    await expectJson(await setPreference(bob, "off-topic", { json: { muted: true } }), 200, { muted: true, notify: "none" });
    expect(await preferences(bob)).toEqual({ "off-topic": { muted: true, notify: "none" } });
    await expectJson(await setPreference(bob, "off-topic", { json: { muted: false } }), 200, { muted: false, notify: "all" });
    expect(await preferences(bob)).toEqual({});
  });

  it("refuses bad bodies (400) and channels the caller cannot see (403), storing nothing", async () => {
    for (const body of [{ json: { muted: "yes" } }, { json: {} }, { json: [true] }, { rawJson: "{" }]) {
      const res = await setPreference(bob, "general", body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: expect.any(String) });
    }
    await expectJson(await setPreference(bob, "private:12345", { json: { muted: true } }), 403, { error: "forbidden" });
    await expectJson(await setPreference(bob, "dm:bob:ghost", { json: { muted: true } }), 403, { error: "forbidden" });
    expect(await preferences(bob)).toEqual({});
  });

  it("answers 401 JSON without a session", async () => {
    await expectJson(await call(preferencesRoute, "/channel_preferences", {}), 401, { error: "unauthorized" });
  });
});
