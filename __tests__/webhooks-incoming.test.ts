// Incoming webhooks: created for a channel (with a bot of their own or one the owner has), posted to
// with Slack's payloads in both encodings, refused for bad input with nothing posted, disabled when the
// owner can no longer post, revoked.
import { DELETE as deleteBotRoute } from "@/app/(chat)/bots/[username]/route";
import { GET as botsRoute, POST as createBotRoute } from "@/app/(chat)/bots/route";
import { POST as hookRoute } from "@/app/(chat)/hooks/[secret]/route";
import { GET as membersRoute } from "@/app/(chat)/private_channels/[id]/members/route";
import { POST as leaveRoute } from "@/app/(chat)/private_channels/[id]/leave/route";
import { POST as createPrivateRoute } from "@/app/(chat)/private_channels/create/route";
import { POST as createTokenRoute } from "@/app/(chat)/tokens/route";
import { DELETE as deleteRoute } from "@/app/(chat)/webhooks/incoming/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/(chat)/webhooks/incoming/route";
import { messageStore } from "@/lib/messages";
import { expectJson, expectText, messages, type Row } from "./helpers/chat";
import { BASE, call, makeRequest, newUser, type RequestOptions } from "./helpers/http";

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
});
afterEach(() => messageStore().settled());

interface Created {
  id: string;
  name: string;
  channel: string;
  sender: string;
  created: number;
  last_used: number | null;
  disabled_reason: string | null;
  url: string;
  secret: string;
}

const create = (cookie: string, body: unknown, extra: RequestOptions = {}) => call(createRoute, "/webhooks/incoming", { cookie, json: body, ...extra });
async function createOk(cookie: string, body: Record<string, unknown>): Promise<Created> {
  const res = await create(cookie, body);
  const answer = await res.json();
  expect({ status: res.status, answer }).toEqual({ status: 201, answer: expect.objectContaining({ id: expect.any(String) }) });
  return answer as Created;
}
const list = async (cookie: string) => {
  const res = await call(listRoute, "/webhooks/incoming", { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Omit<Created, "url" | "secret">[];
};
const revoke = (cookie: string, id: string) => call(deleteRoute, `/webhooks/incoming/${id}`, { cookie, method: "DELETE" }, { id });

/** POSTs to a webhook URL as an integration would: no session, whatever body it sends. */
function hook(secret: string, body: { json?: unknown; raw?: string; form?: Record<string, string>; type?: string }) {
  const headers = new Headers();
  let payload: string;
  if (body.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    payload = new URLSearchParams(body.form).toString();
  } else {
    headers.set("content-type", body.type ?? "application/json");
    payload = body.raw ?? JSON.stringify(body.json);
  }
  return hookRoute(new Request(`${BASE}/hooks/${secret}`, { method: "POST", headers, body: payload }), { params: Promise.resolve({ secret }) });
}

const last = async (cookie: string, channel: string): Promise<Row | undefined> => (await messages(cookie, channel)).at(-1);

describe("creating an incoming webhook", () => {
  it("makes a bot named after it, answers the URL and secret once, and lists it without them", async () => {
    const created = await createOk(alice, { channel: "general", name: "CI builds" });
    expect(created).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{12}$/),
      name: "CI builds",
      channel: "general",
      sender: "ci-builds-bot",
      created: expect.any(Number),
      last_used: null,
      disabled_reason: null,
      url: `${BASE}/hooks/${created.secret}`,
      secret: expect.stringMatching(/^mmh_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/),
    });
    const bots = (await (await call(botsRoute, "/bots", { cookie: bob })).json()) as { username: string; display_name: string; owner: string }[];
    expect(bots).toContainEqual(expect.objectContaining({ username: "ci-builds-bot", display_name: "CI builds", owner: "alice" }));
    const { url: _url, secret: _secret, ...row } = created;
    expect(await list(alice)).toContainEqual(row);
    expect(JSON.stringify(await list(alice))).not.toContain(created.secret);
    expect(await list(bob)).toEqual([]);
  });

  it("hands out the URL at the address the caller reached the server by", async () => {
    const res = await create(alice, { channel: "general", name: "Via LAN" }, { headers: { host: "chat.lan:3000" } });
    expect(res.status).toBe(201);
    const { url, secret } = (await res.json()) as Created;
    expect(url).toBe(`http://chat.lan:3000/hooks/${secret}`);
  });

  it("gives a second webhook of the same name a bot of its own", async () => {
    await createOk(alice, { channel: "software", name: "Twin" });
    expect((await createOk(alice, { channel: "software", name: "Twin" })).sender).toBe("twin-bot-2");
  });

  it("posts as a bot the owner already has, and refuses someone else's", async () => {
    const made = await call(createBotRoute, "/bots", { cookie: bob, json: { username: "bobs-bot", display_name: "Bob's" } });
    expect(made.status).toBe(201);
    expect((await createOk(bob, { channel: "general", name: "Mine", sender: "bobs-bot" })).sender).toBe("bobs-bot");
    await expectJson(await create(alice, { channel: "general", name: "Theirs", sender: "bobs-bot" }), 400, { error: "sender must be a bot you own" });
    await expectJson(await create(alice, { channel: "general", name: "Person", sender: "carol" }), 400, { error: "sender must be a bot you own" });
  });

  it("refuses a DM channel, a channel the caller cannot post in, and bad fields, making nothing", async () => {
    const before = await list(alice);
    const botsBefore = ((await (await call(botsRoute, "/bots", { cookie: alice })).json()) as unknown[]).length;
    await expectJson(await create(alice, { channel: "dm:alice:bob", name: "DM hook" }), 400, { error: "a webhook cannot post in a direct message channel" });
    const secret = await call(createPrivateRoute, "/private_channels/create", { cookie: bob, json: { name: "Bob only", members: [] } });
    const { channel: bobsChannel } = (await secret.json()) as { channel: string };
    await expectJson(await create(alice, { channel: bobsChannel, name: "Spy" }), 403, { error: `you cannot post in ${bobsChannel}` });
    await expectJson(await create(alice, { channel: "nowhere", name: "Lost" }), 403, { error: "you cannot post in nowhere" });
    await expectJson(await create(alice, { channel: "general", name: "  " }), 400, { error: "name is required" });
    await expectJson(await create(alice, { channel: "general", name: "x".repeat(65) }), 400, { error: "name must be 64 characters or fewer" });
    await expectJson(await create(alice, { name: "No channel" }), 400, { error: "channel is required" });
    await expectJson(await create(alice, { channel: "general", name: "Bell\u0007" }), 400, { error: "name contains a control or formatting character (U+0007)" });
    await expectJson(await call(createRoute, "/webhooks/incoming", { cookie: alice, rawJson: "[1" }), 400, { error: "invalid JSON body" });
    expect(await list(alice)).toEqual(before);
    expect(((await (await call(botsRoute, "/bots", { cookie: alice })).json()) as unknown[]).length).toBe(botsBefore);
  });

  it("needs a session: anonymous callers get 401, access tokens 403", async () => {
    await expectJson(await create("", { channel: "general", name: "Anon" }), 401, { error: "unauthorized" });
    const made = await call(createTokenRoute, "/tokens", { cookie: alice, json: { name: "script" } });
    const { token } = (await made.json()) as { token: string };
    const res = await call(createRoute, "/webhooks/incoming", { json: { channel: "general", name: "By token" }, headers: { authorization: `Bearer ${token}` } });
    await expectJson(res, 403, { error: "tokens cannot manage tokens" });
  });
});

describe("POST /hooks/<secret>", () => {
  let ci: Created;
  beforeAll(async () => {
    ci = await createOk(alice, { channel: "general", name: "Deploys" });
  });

  it("posts a JSON payload's text as the webhook's bot, seen by everyone, unread for them, mentions as usual", async () => {
    await expectText(await hook(ci.secret, { json: { text: "deployed v1.2 — @bob please check" } }), 200, "ok");
    const row = await last(bob, "general");
    expect(row).toMatchObject({ sender: "deploys-bot", content: "deployed v1.2 — @bob please check", agent: null, content_type: "text" });
    expect(JSON.parse(row!.mentions ?? "[]")).toContain("bob");
    expect(await last(carol, "general")).toMatchObject({ id: row!.id, sender: "deploys-bot" });
    const [listed] = (await list(alice)).filter((h) => h.id === ci.id);
    expect(listed!.last_used).toEqual(expect.any(Number));
  });

  it("takes the form encoding (`payload=<json>`), keeping Slack's username override as the row's agent", async () => {
    const payload = JSON.stringify({ text: "CPU above 90%", username: "Grafana", icon_url: "https://example.com/g.png", channel: "#elsewhere" });
    await expectText(await hook(ci.secret, { form: { payload } }), 200, "ok");
    expect(await last(bob, "general")).toMatchObject({ sender: "deploys-bot", agent: "Grafana", content: "CPU above 90%", channel: "general" });
  });

  it("takes a plain form with a text field", async () => {
    await expectText(await hook(ci.secret, { form: { text: "from a form", username: "curl" } }), 200, "ok");
    expect(await last(bob, "general")).toMatchObject({ content: "from a form", agent: "curl" });
  });

  it("writes Alertmanager/GitHub-style attachments out as Markdown", async () => {
    const payload = {
      text: "Alert summary",
      attachments: [
        {
          fallback: "[FIRING:1] HighLatency",
          pretext: "Production",
          title: "[FIRING:1] HighLatency",
          title_link: "https://alerts.example.com/a?b=(1)",
          text: "p99 above 2 s",
          fields: [{ title: "severity", value: "page", short: true }, { title: "instances", value: 3 }],
          color: "danger",
        },
        { fallback: "only a fallback" },
        { title: "No link", title_link: "javascript:alert(1)" },
      ],
    };
    await expectText(await hook(ci.secret, { json: payload }), 200, "ok");
    expect((await last(bob, "general"))!.content).toBe(
      [
        "Alert summary",
        "Production\n**[\\[FIRING:1\\] HighLatency](https://alerts.example.com/a?b=%281%29)**\np99 above 2 s\n**severity**: page\n**instances**: 3",
        "only a fallback",
        "**No link**",
      ].join("\n\n"),
    );
  });

  it("turns Slack's <url|label> links and &amp; escapes into Markdown and plain characters", async () => {
    const text = "<https://ci.example.com/build/7|Build #7> passed &amp; deployed to &lt;prod&gt; <!here> see <https://example.com/log>";
    await expectText(await hook(ci.secret, { json: { text } }), 200, "ok");
    expect((await last(bob, "general"))!.content).toBe(
      "[Build #7](https://ci.example.com/build/7) passed & deployed to <prod> @here see https://example.com/log",
    );
  });

  it("draws Block Kit blocks (header, section with fields, divider, context) instead of the notification text", async () => {
    const payload = {
      text: "GitHub Actions: deploy finished",
      blocks: [
        { type: "header", text: { type: "plain_text", text: "Deploy finished" } },
        { type: "section", text: { type: "mrkdwn", text: "*repo*: <https://github.com/o/r|o/r>" }, fields: [{ type: "mrkdwn", text: "*Status:* success" }] },
        { type: "divider" },
        { type: "image", image_url: "https://example.com/x.png", alt_text: "chart" },
        { type: "context", elements: [{ type: "mrkdwn", text: "run 42" }, { type: "image", image_url: "https://example.com/i.png" }, { type: "plain_text", text: "main" }] },
        { type: "section", text: "not a text object" },
      ],
    };
    await expectText(await hook(ci.secret, { json: payload }), 200, "ok");
    expect((await last(bob, "general"))!.content).toBe(
      ["**Deploy finished**", "*repo*: [o/r](https://github.com/o/r)\n*Status:* success", "---", "run 42 · main"].join("\n\n"),
    );
    await expectText(await hook(ci.secret, { json: { text: "only text counts", blocks: [{ type: "divider" }, { type: "actions" }] } }), 200, "ok");
    expect((await last(bob, "general"))!.content).toBe("only text counts");
  });

  it("posts attachments alone when there is no text", async () => {
    await expectText(await hook(ci.secret, { json: { attachments: [{ title: "Build #7 passed" }] } }), 200, "ok");
    expect((await last(bob, "general"))!.content).toBe("**Build #7 passed**");
  });

  it("refuses an empty payload (400 `No text specified`), bad JSON and bad fields, posting nothing", async () => {
    const before = (await last(bob, "general"))!.id;
    await expectText(await hook(ci.secret, { json: {} }), 400, "No text specified");
    await expectText(await hook(ci.secret, { json: { text: "   " } }), 400, "No text specified");
    await expectText(await hook(ci.secret, { raw: "" }), 400, "No text specified");
    await expectText(await hook(ci.secret, { form: { payload: "{}" } }), 400, "No text specified");
    await expectText(await hook(ci.secret, { json: { attachments: [{ color: "good" }] } }), 400, "No text specified");
    await expectText(await hook(ci.secret, { raw: "{not json" }), 400, "payload is not valid JSON");
    await expectText(await hook(ci.secret, { form: { payload: "nope" } }), 400, "payload is not valid JSON");
    await expectText(await hook(ci.secret, { json: ["text"] }), 400, "payload must be a JSON object");
    const wrongType = await hook(ci.secret, { json: { text: 42 } });
    expect(wrongType.status).toBe(400);
    expect(await wrongType.text()).toMatch(/^invalid payload: text: /);
    await expectText(await hook(ci.secret, { json: { text: "bell \u0007" } }), 400, "text contains a control or formatting character (U+0007)");
    const latin1 = await hookRoute(
      new Request(`${BASE}/hooks/${ci.secret}`, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.from('{"text":"caf\xe9"}', "latin1") }),
      { params: Promise.resolve({ secret: ci.secret }) },
    );
    await expectText(latin1, 400, "payload is not valid UTF-8");
    expect((await last(bob, "general"))!.id).toBe(before);
  });

  it("refuses a 1 MB payload with 413, posting nothing", async () => {
    const before = (await last(bob, "general"))!.id;
    const res = await hook(ci.secret, { json: { text: "x".repeat(1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const form = await hook(ci.secret, { form: { payload: JSON.stringify({ text: "y".repeat(70 * 1024) }) } });
    expect(form.status).toBe(413);
    expect((await last(bob, "general"))!.id).toBe(before);
  });

  it("answers 404 `invalid webhook` to an unknown, malformed or wrong secret", async () => {
    const wrongSecret = ci.secret.slice(0, -4) + (ci.secret.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (const secret of ["nope", "mmh_000000000000_" + "A".repeat(43), wrongSecret, ci.secret + "x", ""]) {
      await expectText(await hook(secret, { json: { text: "hi" } }), 404, "invalid webhook");
    }
  });

  it("is not a browser's to call from another site", async () => {
    const res = await hookRoute(makeRequest(`/hooks/${ci.secret}`, { json: { text: "csrf" }, headers: { origin: "https://evil.example" } }), {
      params: Promise.resolve({ secret: ci.secret }),
    });
    expect(res.status).toBe(403);
    expect((await last(bob, "general"))!.content).not.toBe("csrf");
  });
});

describe("a webhook into a private channel", () => {
  it("adds its bot to the channel, posts there, and is disabled once its owner has left (403, nothing posted)", async () => {
    const made = await call(createPrivateRoute, "/private_channels/create", { cookie: alice, json: { name: "Ops", members: ["bob"] } });
    const { id, channel } = (await made.json()) as { id: number; channel: string };
    const hookInfo = await createOk(alice, { channel, name: "Pager" });
    const members = (await (await call(membersRoute, `/private_channels/${id}/members`, { cookie: bob }, { id: String(id) })).json()) as { username: string }[];
    expect(members.map((m) => m.username)).toContain("pager-bot");
    await expectText(await hook(hookInfo.secret, { json: { text: "disk full" } }), 200, "ok");
    expect(await last(bob, channel)).toMatchObject({ sender: "pager-bot", content: "disk full" });

    expect((await call(leaveRoute, `/private_channels/${id}/leave`, { cookie: alice, method: "POST" }, { id: String(id) })).status).toBe(200);
    const before = (await last(bob, channel))!.id;
    const reason = `alice can no longer post in ${channel}`;
    await expectText(await hook(hookInfo.secret, { json: { text: "after leaving" } }), 403, `webhook disabled: ${reason}`);
    await expectText(await hook(hookInfo.secret, { json: { text: "again" } }), 403, `webhook disabled: ${reason}`);
    expect((await last(bob, channel))!.id).toBe(before);
    expect((await list(alice)).find((h) => h.id === hookInfo.id)).toMatchObject({ disabled_reason: reason });
  });
});

describe("a webhook whose bot was deleted", () => {
  it("goes with its bot: the URL answers 404 and posts nothing", async () => {
    const h = await createOk(bob, { channel: "software", name: "Doomed" });
    await expectText(await hook(h.secret, { json: { text: "alive" } }), 200, "ok");
    const gone = await call(deleteBotRoute, `/bots/${h.sender}`, { cookie: bob, method: "DELETE" }, { username: h.sender });
    expect(gone.status).toBe(204);
    await expectText(await hook(h.secret, { json: { text: "ghost" } }), 404, "invalid webhook");
    expect((await last(alice, "software"))!.content).toBe("alive");
    expect((await list(bob)).map((x) => x.id)).not.toContain(h.id);
  });
});

describe("revoking", () => {
  it("answers 204 to the owner; the URL answers 404 from then on; others cannot revoke it", async () => {
    const h = await createOk(alice, { channel: "off-topic", name: "Short lived" });
    await expectText(await hook(h.secret, { json: { text: "still here" } }), 200, "ok");
    await expectJson(await revoke(bob, h.id), 404, { error: "webhook not found" });
    await expectText(await hook(h.secret, { json: { text: "still here after bob tried" } }), 200, "ok");
    const res = await revoke(alice, h.id);
    expect(res.status).toBe(204);
    await expectText(await hook(h.secret, { json: { text: "gone" } }), 404, "invalid webhook");
    expect((await list(alice)).map((x) => x.id)).not.toContain(h.id);
    await expectJson(await revoke(alice, h.id), 404, { error: "webhook not found" });
    expect((await revoke(alice, "NOT-AN-ID")).status).toBe(404);
    expect((await last(bob, "off-topic"))!.content).toBe("still here after bob tried");
  });
});
