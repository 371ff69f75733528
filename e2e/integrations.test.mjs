// Integrations from the settings panel: a personal access token used by a script, and an incoming
// webhook posted to as curl would (JSON and Slack's `payload=` form), seen arriving in the open channel.
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { chatSuite, root, screenshot } from "./harness.mjs";

const suite = chatSuite();
const message = (page, text) => page.locator("article", { hasText: text }).last();

/** Opens Settings → Integrations; resolves with the dialog. */
async function openIntegrations(page) {
  await page.getByRole("button", { name: "Settings" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("tab", { name: "Integrations" }).click();
  await dialog.getByRole("form", { name: "Create token" }).waitFor();
  return dialog;
}

/** A POST as a script sends it (no browser headers, no cookie). */
const post = (url, body, headers = {}) => fetch(url, { method: "POST", headers, body });

describe("integrations from the settings panel", () => {
  let alice;
  let hookUrl;

  before(async () => {
    alice = await suite.signUp("alice");
  });

  it("creates a token shown once, which a script then uses as a Bearer token", async () => {
    const dialog = await openIntegrations(alice);
    const form = dialog.getByRole("form", { name: "Create token" });
    await form.getByLabel("Token name").fill("nightly report");
    await form.getByRole("button", { name: "Create token" }).click();
    const shown = dialog.getByLabel("New token \u201cnightly report\u201d");
    const token = await shown.inputValue();
    assert.match(token, /^mmp_[a-z0-9]{12}_[A-Za-z0-9_-]{32,}$/);
    await dialog.getByText("you will not see it again").waitFor();

    const res = await fetch(`${suite.server.base}/messages/general`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    assert.ok(Array.isArray(await res.json()));

    // Listed with its facts; once Done, its text is nowhere on the page.
    const list = dialog.getByRole("list", { name: "Your tokens" });
    await list.getByText("nightly report").waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    assert.equal(await alice.getByText(token).count(), 0);
    assert.equal(await alice.evaluate((t) => [...document.querySelectorAll("input")].some((i) => i.value === t), token), false);
    assert.equal((await fetch(`${suite.server.base}/messages/general`, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
  });

  it("makes a read-only token that reads but cannot send", async () => {
    const dialog = alice.getByRole("dialog", { name: "Settings" });
    const form = dialog.getByRole("form", { name: "Create token" });
    await form.getByLabel("Token name").fill("dashboard");
    await form.getByLabel(/Read-only/).check();
    await form.getByLabel("Expires").selectOption("30");
    await form.getByRole("button", { name: "Create token" }).click();
    const token = await dialog.getByLabel("New token \u201cdashboard\u201d").inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
    const auth = { Authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${suite.server.base}/messages/general`, { headers: auth })).status, 200);
    const send = await post(`${suite.server.base}/send/general`, new URLSearchParams({ text: "should not appear" }), auth);
    assert.equal(send.status, 403);
    const row = dialog.getByRole("list", { name: "Your tokens" }).getByRole("listitem").filter({ hasText: "dashboard" });
    await row.getByText("read-only").waitFor();
    assert.match(await row.textContent(), /Expires:\s*(?!Never)\S/);
  });

  it("creates an incoming webhook for #general and shows its URL once", async () => {
    const dialog = alice.getByRole("dialog", { name: "Settings" });
    const form = dialog.getByRole("form", { name: "Create incoming webhook" });
    await form.getByLabel("Webhook name").fill("Deploy bot");
    await form.getByLabel("Channel").selectOption("general");
    await form.getByRole("button", { name: "Create incoming webhook" }).click();
    hookUrl = await dialog.getByLabel("Webhook URL for \u201cDeploy bot\u201d").inputValue();
    const hooks = dialog.getByRole("list", { name: "Your incoming webhooks" });
    await hooks.getByText("Deploy bot").waitFor();
    await hooks.getByText("# general").waitFor();
    // The bot made for it is listed among the reader's bots, tagged.
    await dialog.getByRole("list", { name: "Your bots" }).getByText("BOT").first().waitFor();
    await dialog.getByRole("button", { name: "Done" }).click();
    assert.equal(await alice.evaluate((u) => [...document.querySelectorAll("input")].some((i) => i.value === u), hookUrl), false);
    // The URL to paste is on the address the browser reached the server at.
    assert.ok(hookUrl.startsWith(`${suite.server.base}/hooks/`), `${hookUrl} is not on ${suite.server.base}`);
  });

  it("refuses an outgoing webhook to a private address, inline, with the server's reason", async () => {
    const dialog = alice.getByRole("dialog", { name: "Settings" });
    const form = dialog.getByRole("form", { name: "Create outgoing webhook" });
    await form.getByLabel("Outgoing webhook name").fill("Loopback");
    await form.getByLabel("Channel").selectOption("general");
    await form.getByLabel("URL to call").fill("http://127.0.0.1/hook");
    await form.getByRole("button", { name: "Create outgoing webhook" }).click();
    const refusal = await form.getByRole("alert").textContent();
    assert.ok(refusal && !/^Could not/.test(refusal), `the server's words, not a generic line: ${refusal}`);
    assert.equal(await dialog.getByText("No outgoing webhooks yet.").count(), 1);
  });

  it("captures the panel in both themes at 1280 and 375 px", async () => {
    for (const [width, height] of [[1280, 800], [375, 740]]) {
      await alice.setViewportSize({ width, height });
      for (const scheme of ["light", "dark"]) {
        await alice.emulateMedia({ colorScheme: scheme });
        for (const end of ["top", "bottom"]) {
          await alice.getByRole("dialog", { name: "Settings" }).evaluate((d, top) => (d.scrollTop = top ? 0 : d.scrollHeight), end === "top");
          await screenshot(alice, `integrations-panel-${width}-${scheme}-${end}`);
        }
      }
      // Nothing sticks out sideways on a phone.
      const overflow = await alice.getByRole("dialog", { name: "Settings" }).evaluate((d) => d.scrollWidth - d.clientWidth);
      assert.ok(overflow <= 0, `the dialog scrolls sideways by ${overflow}px at ${width}px`);
    }
    await alice.setViewportSize({ width: 1280, height: 800 });
    await alice.emulateMedia({ colorScheme: null });
    await alice.keyboard.press("Escape");
    await alice.getByRole("dialog", { name: "Settings" }).waitFor({ state: "detached" });
  });

  it("posts through the webhook as curl would: the message arrives under the webhook's name with a BOT tag", async () => {
    const res = await post(hookUrl, JSON.stringify({ text: "Build 42 passed" }), { "Content-Type": "application/json" });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
    const row = message(alice, "Build 42 passed");
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole("button", { name: "Deploy bot" }).waitFor();
    await row.getByText("BOT", { exact: true }).waitFor();
    await screenshot(alice, "integrations-webhook-message");
  });

  it("takes Slack's form encoding, and a username override names the post", async () => {
    const form = new URLSearchParams({ payload: JSON.stringify({ text: "Deployed to staging", username: "Staging deployer" }) });
    const res = await post(hookUrl, form);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
    const row = message(alice, "Deployed to staging");
    await row.waitFor({ timeout: 10_000 });
    await row.getByRole("button", { name: "Staging deployer" }).waitFor();
    await row.getByText("BOT", { exact: true }).waitFor();
    // The card behind the name says whose bot it is.
    await row.getByRole("button", { name: "Staging deployer" }).focus();
    await alice.getByRole("tooltip").getByText("Bot of alice").waitFor();
    await screenshot(alice, "integrations-webhook-override");
  });

  it("gives the webhook's bot an avatar from the panel, shown beside its messages", async () => {
    const dialog = await openIntegrations(alice);
    const bot = dialog.getByRole("list", { name: "Your bots" }).getByRole("listitem").filter({ hasText: "Deploy bot" });
    await bot.getByLabel(/^Avatar image for /).setInputFiles(path.join(root, "e2e", "fixtures", "red.png"));
    await bot.getByText("Avatar updated.").waitFor();
    await alice.keyboard.press("Escape");
    await message(alice, "Build 42 passed").locator("img[src^='/avatar/']").waitFor({ timeout: 35_000 });
  });

  it("logged no errors in the browser but the refusal the test asked for", () => {
    const unexpected = suite.consoleErrors.filter((e) => !/status of 400/.test(e));
    assert.deepEqual(unexpected, []);
  });
});
