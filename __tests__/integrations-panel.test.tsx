import React from "react";
import { fireEvent, render, screen, waitFor, within } from "./helpers/ui";
import { SWRConfig } from "swr";
import { MessageItem } from "@/app/_components/chat/message-item";
import { SettingsModal } from "@/app/_components/chat/settings-modal";
import type { AccessToken, Bot } from "@/app/_components/chat/data/integrations";
import { messageRow } from "./helpers/message-row";
import { messageContext } from "./helpers/message-context";

/** jsdom has no fetch: a minimal answer with the parts the client reads. */
const answer = (body: unknown, status = 200) => ({
  ok: status < 400,
  status,
  json: async () => body,
  text: async () => (typeof body === "string" ? body : JSON.stringify(body)),
});

const SECRET = "mmp_abc123def456_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3t";
const HOOK_SECRET = "mmh_hook00000001_W3bh00kW3bh00kW3bh00kW3bh00kW3bh00k";
let tokens: AccessToken[];
let incoming: unknown[];
let bots: Bot[];
let calls: { method: string; path: string; body: unknown }[];
/** What `POST /tokens` answers next (the server's refusal, when set). */
let refusal: { status: number; body: unknown } | null;

beforeEach(() => {
  tokens = [];
  incoming = [];
  bots = [];
  calls = [];
  refusal = null;
  global.fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const method = init?.method ?? "GET";
    calls.push({ method, path, body: typeof init?.body === "string" ? JSON.parse(init.body) : init?.body });
    if (method === "POST" && path === "/tokens") {
      if (refusal) return answer(refusal.body, refusal.status);
      const body = JSON.parse(String(init?.body)) as { name: string; read_only: boolean; expires_in_days?: number };
      const row: AccessToken = {
        id: "abc123def456",
        name: body.name,
        created: 1_800_000_000,
        last_used: null,
        expires: body.expires_in_days ? 1_800_000_000 + body.expires_in_days * 86_400 : null,
        read_only: body.read_only,
      };
      tokens = [row, ...tokens];
      return answer({ ...row, token: SECRET }, 201);
    }
    if (method === "DELETE" && path.startsWith("/tokens/")) {
      tokens = tokens.filter((t) => `/tokens/${t.id}` !== path);
      return answer("", 204);
    }
    if (method === "POST" && path === "/webhooks/incoming") {
      const body = JSON.parse(String(init?.body)) as { name: string; channel: string };
      const row = { id: "hook00000001", name: body.name, channel: body.channel, sender: "deploy-bot", created: 1_800_000_000, last_used: null, disabled_reason: null };
      incoming = [row];
      return answer({ ...row, url: `http://chat.example/hooks/${HOOK_SECRET}`, secret: HOOK_SECRET }, 201);
    }
    if (path === "/webhooks/incoming") return answer(incoming);
    if (path === "/private_channels") return answer([{ id: 7, channel: "private:7", name: "ops", unread: 0, members: ["alice"] }]);
    if (path === "/tokens") return answer(tokens);
    if (path === "/bots") return answer(bots);
    if (path === "/channels") return answer(["general", "software"]);
    if (path === "/webhooks/outgoing") return answer([]);
    if (path === "/users") return answer(["bob"]);
    return answer({ error: "not found" }, 404);
  }) as unknown as typeof fetch;
  Object.assign(navigator, { clipboard: { writeText: jest.fn(async () => undefined) } });
});

function openIntegrations() {
  render(
    <SWRConfig value={{ provider: () => new Map(), dedupingInterval: 0 }}>
      <SettingsModal me="alice" onClose={() => undefined} />
    </SWRConfig>,
  );
  fireEvent.click(screen.getByRole("tab", { name: "Integrations" }));
  return screen.getByRole("form", { name: "Create token" });
}

describe("personal access tokens in the settings panel", () => {
  it("shows a new token once, with a copy button and a warning, then only its facts", async () => {
    const form = openIntegrations();
    expect(await screen.findByText("No tokens yet.")).toBeTruthy();
    fireEvent.change(within(form).getByLabelText("Token name"), { target: { value: "CI deploys" } });
    fireEvent.click(within(form).getByLabelText(/Read-only/));
    fireEvent.change(within(form).getByLabelText("Expires"), { target: { value: "30" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create token" }));

    const shown = (await screen.findByLabelText("New token \u201cCI deploys\u201d")) as HTMLInputElement;
    expect(shown.value).toBe(SECRET);
    expect(shown.readOnly).toBe(true);
    expect(screen.getByText("Copy it now: you will not see it again.")).toBeTruthy();
    expect(calls.find((c) => c.method === "POST")).toEqual({ method: "POST", path: "/tokens", body: { name: "CI deploys", read_only: true, expires_in_days: 30 } });

    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    await screen.findByText("Copied.");
    expect(navigator.clipboard.writeText).toHaveBeenCalledWith(SECRET);

    // The list shows the token's facts, never its text.
    const list = await screen.findByRole("list", { name: "Your tokens" });
    expect(within(list).getByText("CI deploys")).toBeTruthy();
    expect(within(list).getByText("read-only")).toBeTruthy();
    expect(within(list).getByText("Never")).toBeTruthy(); // last used

    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(document.body.textContent).not.toContain(SECRET);
    expect([...document.querySelectorAll("input")].some((i) => i.value === SECRET)).toBe(false);
    // The form is back, empty, for the next token.
    const again = screen.getByRole("form", { name: "Create token" });
    expect((within(again).getByLabelText("Token name") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's refusal inline and keeps what was typed", async () => {
    refusal = { status: 403, body: { error: "tokens cannot manage tokens" } };
    const form = openIntegrations();
    fireEvent.change(within(form).getByLabelText("Token name"), { target: { value: "nightly" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create token" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("tokens cannot manage tokens");
    expect((within(form).getByLabelText("Token name") as HTMLInputElement).value).toBe("nightly");
    expect(screen.queryByText(/you will not see it again/)).toBeNull();
  });

  it("asks for a name before asking the server", async () => {
    const form = openIntegrations();
    fireEvent.click(within(form).getByRole("button", { name: "Create token" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("Give the token a name.");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("revokes a token only after the confirmation", async () => {
    tokens = [{ id: "tok000000001", name: "old script", created: 1_700_000_000, last_used: 1_750_000_000, expires: null, read_only: false }];
    openIntegrations();
    const list = await screen.findByRole("list", { name: "Your tokens" });
    fireEvent.click(within(list).getByRole("button", { name: "Revoke" }));
    expect(within(list).getByText(/Revoke \u201cold script\u201d\?/)).toBeTruthy();
    expect(calls.filter((c) => c.method === "DELETE")).toEqual([]);
    fireEvent.click(within(list).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(list).getByRole("button", { name: "Revoke" }));
    fireEvent.click(within(list).getByRole("button", { name: "Yes, revoke" }));
    await screen.findByText("No tokens yet.");
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/tokens/tok000000001"]);
  });

  it("lists only the reader's bots and links the API reference", async () => {
    bots = [
      { username: "deploy-bot", display_name: "Deploy Bot", owner: "alice", created: 1_800_000_000 },
      { username: "bobs-bot", display_name: null, owner: "bob", created: 1_800_000_000 },
    ];
    openIntegrations();
    const list = await screen.findByRole("list", { name: "Your bots" });
    expect(within(list).getByText("Deploy Bot")).toBeTruthy();
    expect(within(list).queryByText("bobs-bot")).toBeNull();
    expect(screen.getByRole("link", { name: "API reference" }).getAttribute("href")).toBe("/api/docs");
  });
});

describe("incoming webhooks in the settings panel", () => {
  it("offers public and private channels, and shows the new URL once", async () => {
    openIntegrations();
    const form = screen.getByRole("form", { name: "Create incoming webhook" });
    const channel = within(form).getByLabelText("Channel") as HTMLSelectElement;
    await waitFor(() => expect([...channel.options].map((o) => o.textContent)).toEqual(["Choose a channel", "# general", "# software", "ops"]));
    // Public and private channels under their headings (an option cannot hold the lock icon).
    expect([...channel.querySelectorAll("optgroup")].map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.value)])).toEqual([
      ["Public channels", ["general", "software"]],
      ["Private channels", ["private:7"]],
    ]);
    fireEvent.change(within(form).getByLabelText("Webhook name"), { target: { value: "Alerts" } });
    fireEvent.change(channel, { target: { value: "private:7" } });
    fireEvent.click(within(form).getByRole("button", { name: "Create incoming webhook" }));
    const shown = (await screen.findByLabelText("Webhook URL for \u201cAlerts\u201d")) as HTMLInputElement;
    expect(shown.value).toBe(`http://chat.example/hooks/${HOOK_SECRET}`);
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "Alerts", channel: "private:7" });
    const list = await screen.findByRole("list", { name: "Your incoming webhooks" });
    // The private channel is named with a lock that says so (an SVG icon, not an emoji a font may lack).
    const channelFact = within(list).getByText("Channel:").nextElementSibling as HTMLElement;
    expect(channelFact).toHaveTextContent(/^ops$/);
    expect(within(channelFact).getByRole("img", { name: "Private channel" }).tagName.toLowerCase()).toBe("svg");
    fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(document.body.innerHTML).not.toContain(HOOK_SECRET);
  });
});

describe("bot messages", () => {
  const ctx = messageContext({ users: new Set(["alice", "deploy-bot"]) });
  const show = (message: ReturnType<typeof messageRow>) =>
    render(
      <SWRConfig value={{ provider: () => new Map() }}>
        <MessageItem message={message} compact={false} ctx={ctx} />
      </SWRConfig>,
    );

  beforeEach(() => {
    bots = [{ username: "deploy-bot", display_name: "Deploy bot", owner: "alice", created: 1_800_000_000 }];
  });

  it("names a bot by its display name with a BOT tag; a person has none", async () => {
    show(messageRow(1, "deploy-bot", "Build 42 passed"));
    const row = screen.getByRole("article");
    await waitFor(() => expect(within(row).getByText("BOT")).toBeTruthy());
    expect(within(row).getByRole("button", { name: "Deploy bot" })).toBeTruthy();
    expect(row.getAttribute("aria-label")).toMatch(/^Deploy bot \(bot\) at /);
  });

  it("shows the name a webhook post asked for, still tagged, with the text as plain chat text", async () => {
    show(messageRow(2, "deploy-bot", "<b>release</b> done", { agent: "Release train" }));
    const row = screen.getByRole("article");
    await waitFor(() => expect(within(row).getByRole("button", { name: "Release train" })).toBeTruthy());
    expect(within(row).getByText("BOT")).toBeTruthy();
    expect(within(row).getByText("<b>release</b> done")).toBeTruthy(); // no tribune markup for a bot
    expect(within(row).queryByTitle(/ via /)).toBeNull();
  });

  it("tags no one when the sender is a person", async () => {
    show(messageRow(3, "bob", "hello"));
    const row = screen.getByRole("article");
    await waitFor(() => expect(calls.some((c) => c.path === "/bots")).toBe(true));
    expect(within(row).queryByText("BOT")).toBeNull();
    expect(within(row).getByRole("button", { name: "bob" })).toBeTruthy();
  });
});
