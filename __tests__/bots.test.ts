// Bot accounts (issue 15): made by a person, owned by them, signing in with their own tokens only,
// changed and deleted by their owner alone, and gone with their owner.
import sharp from "sharp";
import { GET as avatarGet } from "@/app/(chat)/avatar/[username]/route";
import { POST as botAvatarRoute } from "@/app/(chat)/bots/[username]/avatar/route";
import { DELETE as deleteBotRoute, PATCH as patchBotRoute } from "@/app/(chat)/bots/[username]/route";
import { GET as botTokensRoute, POST as botTokenCreateRoute } from "@/app/(chat)/bots/[username]/tokens/route";
import { GET as botsRoute, POST as createBotRoute } from "@/app/(chat)/bots/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as deleteAccountRoute } from "@/app/(chat)/delete_account/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { DELETE as revokeRoute } from "@/app/(chat)/tokens/[id]/route";
import { POST as createTokenRoute } from "@/app/(chat)/tokens/route";
import { GET as usersRoute } from "@/app/(chat)/users/route";
import { POST as loginRoute } from "@/app/api/login/route";
import { botOwnerOf, createBot, isBot, listBots } from "@/lib/bots";
import { tokenUsesSettled } from "@/lib/auth/tokens";
import { db } from "@/lib/db/client";
import { messageStore } from "@/lib/messages";
import { expectJson, messages, send, sendOk } from "./helpers/chat";
import { BASE, call, newUser, PASSWORD, type RequestOptions } from "./helpers/http";

interface Bot {
  username: string;
  display_name: string | null;
  owner: string;
  created: number;
}

let olga: string;
let pete: string;

beforeAll(async () => {
  olga = await newUser("botolga");
  pete = await newUser("botpete");
});
afterEach(async () => {
  await messageStore().settled();
  await tokenUsesSettled(); // a token's lastUsedAt is written after its request answered
});

const bearer = (token: string): RequestOptions => ({ headers: { authorization: `Bearer ${token}` } });
const createBotCall = (options: RequestOptions) => call(createBotRoute, "/bots", options);

async function newBot(cookie: string, username: string, displayName?: string): Promise<Bot> {
  const res = await createBotCall({ cookie, json: { username, ...(displayName === undefined ? {} : { display_name: displayName }) } });
  expect(res.status).toBe(201);
  return (await res.json()) as Bot;
}

async function botToken(cookie: string, bot: string, body: Record<string, unknown> = { name: "bot key" }): Promise<{ id: string; token: string }> {
  const res = await call(botTokenCreateRoute, `/bots/${bot}/tokens`, { cookie, json: body }, { username: bot });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

async function bots(): Promise<Bot[]> {
  const res = await call(botsRoute, "/bots", { cookie: pete });
  expect(res.status).toBe(200);
  return (await res.json()) as Bot[];
}

const patchBot = (cookie: string, bot: string, body: unknown) => call(patchBotRoute, `/bots/${bot}`, { cookie, method: "PATCH", json: body }, { username: bot });
const deleteBot = (cookie: string, bot: string) => call(deleteBotRoute, `/bots/${bot}`, { cookie, method: "DELETE" }, { username: bot });
const login = (username: string, password: string) => call(loginRoute, "/api/login", { json: { username, password } });

describe("POST /bots and GET /bots", () => {
  it("creates a bot owned by the caller, listed for everyone with its owner and display name", async () => {
    const before = Date.now() / 1000;
    const bot = await newBot(olga, "ci-bot", "  CI  ");
    expect(bot).toEqual({ username: "ci-bot", display_name: "CI", owner: "botolga", created: expect.any(Number) });
    expect(bot.created).toBeGreaterThanOrEqual(before - 1);
    expect(await bots()).toContainEqual(bot);
    expect(await isBot("ci-bot")).toBe(true);
    expect(await isBot("botolga")).toBe(false);
    expect(await botOwnerOf("ci-bot")).toBe("botolga");
    expect(await listBots()).toContainEqual(bot);
    // It is an account like any other: in the directory people can DM.
    const users = (await (await call(usersRoute, "/users", { cookie: pete })).json()) as string[];
    expect(users).toContain("ci-bot");
  });

  it("is made like a signup: the bot reads the public history a newcomer gets", async () => {
    const id = await sendOk(pete, "general", "before the bot existed");
    await newBot(olga, "history-bot");
    const { token } = await botToken(olga, "history-bot");
    const res = await call(messagesRoute, "/messages/general?after=0", bearer(token), { channel: "general" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }[]).map((r) => r.id)).toContain(id);
  });

  it.each([
    ["a person's name", "botpete"],
    ["a person's name in another case", "BOTPETE"],
    ["another bot's name", "ci-bot"],
  ])("refuses %s with 409 and creates nothing", async (_, username) => {
    const before = await bots();
    await expectJson(await createBotCall({ cookie: olga, json: { username } }), 409, { error: "User already exists" });
    expect(await bots()).toEqual(before);
  });

  it.each([
    ["an empty name", { username: "" }, 400],
    ["spaces and slashes", { username: "my bot/1" }, 400],
    ["a reserved name", { username: "system" }, 400],
    ["33 characters", { username: "b".repeat(33) }, 400],
    ["no username", {}, 400],
    ["a display name of 65 characters", { username: "longname-bot", display_name: "d".repeat(65) }, 400],
    ["a display name with a control character", { username: "ctl-bot", display_name: "a\u0007b" }, 400],
  ])("refuses %s with a clear 400 and creates nothing", async (_, body, status) => {
    const before = await bots();
    const res = await createBotCall({ cookie: olga, json: body });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toEqual(expect.any(String));
    expect(await bots()).toEqual(before);
  });

  it("cannot be done with a token, nor by a bot", async () => {
    const tokenRes = await call(createTokenRoute, "/tokens", { cookie: olga, json: { name: "olga script" } });
    const { token } = (await tokenRes.json()) as { token: string };
    await expectJson(await createBotCall({ ...bearer(token), json: { username: "minted-bot" } }), 403, { error: "tokens cannot manage tokens" });
    await expect(createBot("ci-bot", { username: "bot-of-bot" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await bots()).map((b) => b.username)).not.toContain("minted-bot");
    expect((await bots()).map((b) => b.username)).not.toContain("bot-of-bot");
  });

  it("needs a signed-in caller", async () => {
    await expectJson(await call(botsRoute, "/bots"), 401, { error: "unauthorized" });
    await expectJson(await createBotCall({ json: { username: "anon-bot" } }), 401, { error: "unauthorized" });
  });
});

describe("a bot signs in with its tokens only", () => {
  it.each(["", "!no-password", PASSWORD, "Passw0rd!x"])("refuses a password login (%j) as a wrong password would be", async (password) => {
    await newBot(olga, "nologin-bot").catch(() => undefined);
    const res = await login("nologin-bot", password);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Invalid credentials" });
  });

  it("while its owner, a person, still signs in with their password", async () => {
    const res = await login("botolga", PASSWORD);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { username: string }).username).toBe("botolga");
  });

  it("posts a message as the bot with a bot token (sender = the bot)", async () => {
    await newBot(olga, "poster-bot", "Poster");
    const { token } = await botToken(olga, "poster-bot");
    const res = await send(undefined, "general", "deploy finished", bearer(token));
    expect(res.status).toBe(200);
    const id = Number(res.headers.get("X-Message-Id"));
    const row = (await messages(pete, "general")).find((r) => r.id === id);
    expect(row).toMatchObject({ sender: "poster-bot", content: "deploy finished" });
  });

  it("its tokens are listed for its owner only, and a read-only one cannot post", async () => {
    await newBot(olga, "watch-bot");
    const { id, token } = await botToken(olga, "watch-bot", { name: "watcher", read_only: true });
    const listed = await call(botTokensRoute, "/bots/watch-bot/tokens", { cookie: olga }, { username: "watch-bot" });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([expect.objectContaining({ id, name: "watcher", read_only: true })]);
    await expectJson(await call(botTokensRoute, "/bots/watch-bot/tokens", { cookie: pete }, { username: "watch-bot" }), 403, { error: "not your bot" });
    await expectJson(await call(botTokenCreateRoute, "/bots/watch-bot/tokens", { cookie: pete, json: { name: "x" } }, { username: "watch-bot" }), 403, { error: "not your bot" });
    await expectJson(await call(botTokenCreateRoute, "/bots/nobody-bot/tokens", { cookie: olga, json: { name: "x" } }, { username: "nobody-bot" }), 404, { error: "bot not found" });
    // A person is not a bot: nobody makes tokens for them this way.
    await expectJson(await call(botTokenCreateRoute, "/bots/botpete/tokens", { cookie: olga, json: { name: "x" } }, { username: "botpete" }), 404, { error: "bot not found" });
    await expectJson(await send(undefined, "general", "no", bearer(token)), 403, { error: "read-only token" });
    // Its owner revokes it: refused at once.
    expect((await call(channelsRoute, "/channels", bearer(token))).status).toBe(200);
    expect((await call(revokeRoute, `/tokens/${id}`, { cookie: olga, method: "DELETE" }, { id })).status).toBe(204);
    await expectJson(await call(channelsRoute, "/channels", bearer(token)), 401, { error: "unauthorized" });
  });
});

describe("PATCH, DELETE and avatar of /bots/<username>", () => {
  it("lets the owner change the display name; others get 403, unknown bots 404", async () => {
    await newBot(olga, "rename-bot", "Old");
    await expectJson(await patchBot(pete, "rename-bot", { display_name: "Hijacked" }), 403, { error: "not your bot" });
    await expectJson(await patchBot(olga, "ghost-bot", { display_name: "x" }), 404, { error: "bot not found" });
    await expectJson(await patchBot(olga, "botpete", { display_name: "x" }), 404, { error: "bot not found" });
    expect((await patchBot(olga, "rename-bot", { display_name: 5 })).status).toBe(400);
    expect((await bots()).find((b) => b.username === "rename-bot")?.display_name).toBe("Old");
    const res = await patchBot(olga, "rename-bot", { display_name: "New name" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expect.objectContaining({ username: "rename-bot", display_name: "New name", owner: "botolga" }));
    expect((await bots()).find((b) => b.username === "rename-bot")?.display_name).toBe("New name");
    expect(((await (await patchBot(olga, "rename-bot", { display_name: null })).json()) as Bot).display_name).toBeNull();
  });

  it("lets the owner set the bot's avatar; others get 403", async () => {
    await newBot(olga, "face-bot");
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 0, b: 0 } } }).png().toBuffer();
    const upload = (cookie: string) => {
      const form = new FormData();
      form.set("avatar", new Blob([new Uint8Array(png)]), "bot.png");
      return botAvatarRoute(new Request(`${BASE}/bots/face-bot/avatar`, { method: "POST", body: form, headers: { cookie } }), { params: Promise.resolve({ username: "face-bot" }) });
    };
    await expectJson(await upload(pete), 403, { error: "not your bot" });
    expect((await call(avatarGet, "/avatar/face-bot", { cookie: pete }, { username: "face-bot" })).status).toBe(404);
    const res = await upload(olga);
    expect({ status: res.status, body: await res.text() }).toEqual({ status: 200, body: "ok" });
    const avatar = await call(avatarGet, "/avatar/face-bot", { cookie: pete }, { username: "face-bot" });
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get("content-type")).toBe("image/jpeg");
  });

  it("lets only the owner delete a bot: its account and tokens go, its messages stay under Deleted User", async () => {
    await newBot(olga, "gone-bot");
    const { token } = await botToken(olga, "gone-bot");
    const id = Number((await send(undefined, "general", "last words", bearer(token))).headers.get("X-Message-Id"));
    await expectJson(await deleteBot(pete, "gone-bot"), 403, { error: "not your bot" });
    await expectJson(await deleteBot(olga, "no-such-bot"), 404, { error: "bot not found" });
    await expectJson(await deleteBot(olga, "botpete"), 404, { error: "bot not found" });
    expect((await call(channelsRoute, "/channels", bearer(token))).status).toBe(200);
    expect((await deleteBot(olga, "gone-bot")).status).toBe(204);
    await expectJson(await call(channelsRoute, "/channels", bearer(token)), 401, { error: "unauthorized" });
    expect((await bots()).map((b) => b.username)).not.toContain("gone-bot");
    expect(await db().accessToken.count({ where: { username: "gone-bot" } })).toBe(0);
    expect((await messages(pete, "general")).find((r) => r.id === id)).toMatchObject({ sender: "Deleted User", content: "last words" });
  });
});

describe("deleting the owner", () => {
  it("deletes their bots and webhooks: the bots' tokens stop working at once and GET /bots no longer lists them", async () => {
    const quinn = await newUser("botquinn");
    await newBot(quinn, "quinn-bot-1");
    await newBot(quinn, "quinn-bot-2");
    const { token } = await botToken(quinn, "quinn-bot-1");
    expect((await call(channelsRoute, "/channels", bearer(token))).status).toBe(200);
    // Webhooks the owner made (rows as the webhooks' routes write them): they go with the owner.
    const now = Date.now() / 1000;
    await db().incomingWebhook.create({ data: { id: "in-quinn", secretHash: "h-quinn", channel: "general", owner: "botquinn", sender: "quinn-bot-1", name: "ci", createdAt: now } });
    await db().outgoingWebhook.create({ data: { id: "out-quinn", channel: "general", owner: "botquinn", name: "out", url: "https://example.com/hook", secret: "s", createdAt: now } });
    await db().outgoingDelivery.create({ data: { webhookId: "out-quinn", messageId: 1, payload: "{}", nextAttemptAt: now, createdAt: now } });
    const res = await call(deleteAccountRoute, "/delete_account", { cookie: quinn, json: { type: "hard", password: PASSWORD } });
    expect(res.status).toBe(200);
    await expectJson(await call(channelsRoute, "/channels", bearer(token)), 401, { error: "unauthorized" });
    expect((await bots()).map((b) => b.username)).toEqual(expect.not.arrayContaining(["quinn-bot-1", "quinn-bot-2"]));
    expect(await db().user.count({ where: { botOwner: "botquinn" } })).toBe(0);
    expect(await db().accessToken.count({ where: { OR: [{ username: { startsWith: "quinn-bot" } }, { createdBy: "botquinn" }] } })).toBe(0);
    expect(await db().incomingWebhook.count({ where: { id: "in-quinn" } })).toBe(0);
    expect(await db().outgoingWebhook.count({ where: { id: "out-quinn" } })).toBe(0);
    expect(await db().outgoingDelivery.count({ where: { webhookId: "out-quinn" } })).toBe(0);
    // The names are free again.
    await newBot(olga, "quinn-bot-1");
  });

  it("a bot cannot delete itself with /delete_account (it has no password)", async () => {
    await newBot(olga, "self-bot");
    const { token } = await botToken(olga, "self-bot");
    await expectJson(await call(deleteAccountRoute, "/delete_account", { ...bearer(token), json: { type: "soft", password: "" } }), 403, { error: "Incorrect password." });
    expect(await isBot("self-bot")).toBe(true);
  });
});
