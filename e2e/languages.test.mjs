// The interface in French (issue 16): a browser that asks for French gets the sign-up page, the chat
// and its dates in French with <html lang="fr">; the language chosen in Settings wins over the
// browser's, follows the account, and "Same as the browser" gives it back. Screenshots of the main
// screens in French, light and dark, at desktop and phone widths.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { launchBrowser, root, screenshot, startServer, watchPage } from "./harness.mjs";

/** The catalogues themselves: the test reads what the page must show rather than copying the words. */
const catalogue = (locale, ns) => JSON.parse(fs.readFileSync(path.join(root, "lib", "i18n", "messages", locale, `${ns}.json`), "utf8"));
const fr = { auth: catalogue("fr", "auth"), dialogs: catalogue("fr", "dialogs"), messages: catalogue("fr", "messages"), common: catalogue("fr", "common") };
const en = { dialogs: catalogue("en", "dialogs"), messages: catalogue("en", "messages"), common: catalogue("en", "common") };

const PASSWORD = "Passw0rd!";
const consoleErrors = [];
let server;
let browser;

async function frenchContext(extra = {}) {
  const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1280, height: 800 }, locale: "fr-FR", ...extra });
  context.on("page", (page) => watchPage(page, consoleErrors));
  return context;
}

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const title = (page) => page.getByTestId("channel-title");
/** The channel's message box, whatever the language names it. */
const composer = (page) => page.locator("[data-composer=channel]");

describe("the interface in French", () => {
  let amelie;
  let context;

  before(async () => {
    server = await startServer({ env: { PASSWORD_SCRYPT_N: "1024" }, settings: { channels: ["general", "software"], login_failure_delay_seconds: 0 } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("a browser asking for French signs up in French and reads the chat in French", async () => {
    context = await frenchContext();
    amelie = await context.newPage();
    await amelie.goto("/signup");
    assert.equal(await lang(amelie), "fr");
    await amelie.getByLabel(fr.auth.fields.username).fill("amelie");
    await amelie.getByLabel(fr.auth.fields.password, { exact: true }).fill(PASSWORD);
    await amelie.getByLabel(fr.auth.fields.confirm).fill(PASSWORD);
    await amelie.getByRole("button", { name: fr.auth.signup.submit }).click();
    await amelie.waitForURL(`${server.base}/`);
    await title(amelie).getByText("# general").waitFor();
    assert.equal(await lang(amelie), "fr");
    await amelie.getByRole("log", { name: fr.messages.list.label }).waitFor();

    await composer(amelie).fill("Bonjour à tous !");
    await composer(amelie).press("Enter");
    await amelie.locator("article", { hasText: "Bonjour à tous !" }).last().waitFor();
    // Today's day separator, spelt as French spells dates ("vendredi 4 décembre 2026").
    const today = await amelie.evaluate(() => new Intl.DateTimeFormat("fr", { weekday: "long", year: "numeric", month: "long", day: "numeric" }).format(new Date()));
    await amelie.getByRole("separator").filter({ hasText: today }).first().waitFor();
  });

  it("looks right in French, light and dark, on a desktop and a phone", async () => {
    for (const theme of ["light", "dark"]) {
      await amelie.evaluate(async (choice) => {
        await fetch("/settings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ theme: choice }) });
      }, theme);
      for (const [device, size] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 390, height: 844 }]]) {
        await amelie.setViewportSize(size);
        await amelie.goto("/");
        await amelie.locator("article", { hasText: "Bonjour à tous !" }).last().waitFor();
        await screenshot(amelie, `fr-channel-${theme}-${device}`);
        const settingsButton = amelie.getByRole("button", { name: fr.dialogs.settings.title }).first();
        if (await settingsButton.isVisible()) {
          await settingsButton.click();
          await amelie.getByRole("dialog", { name: fr.dialogs.settings.title }).waitFor();
          await screenshot(amelie, `fr-settings-${theme}-${device}`);
          await amelie.keyboard.press("Escape");
        }
      }
    }
    await amelie.setViewportSize({ width: 1280, height: 800 });
  });

  it("a language chosen in Settings wins over the browser's, at once and on every device", async () => {
    await amelie.goto("/");
    await title(amelie).getByText("# general").waitFor();
    await amelie.getByRole("button", { name: fr.dialogs.settings.title }).first().click();
    const dialog = amelie.getByRole("dialog", { name: fr.dialogs.settings.title });
    await dialog.getByRole("group", { name: fr.common.language.legend }).getByRole("radio", { name: "English" }).check();
    // The page is drawn again in English without a reload: the dialog itself changes language.
    await amelie.getByRole("dialog", { name: en.dialogs.settings.title }).waitFor();
    await amelie.waitForFunction(() => document.documentElement.lang === "en");
    await amelie.keyboard.press("Escape");
    await amelie.getByRole("log", { name: en.messages.list.label }).waitFor();

    // Another French browser, signed in as amelie: the account's choice, English.
    const other = await (await frenchContext()).newPage();
    await other.goto("/login");
    assert.equal(await lang(other), "fr");
    await other.getByLabel(fr.auth.fields.username).fill("amelie");
    await other.getByLabel(fr.auth.fields.password, { exact: true }).fill(PASSWORD);
    await other.getByRole("button", { name: fr.auth.login.submit }).click();
    await other.waitForURL(`${server.base}/`);
    assert.equal(await lang(other), "en");
    await other.getByRole("log", { name: en.messages.list.label }).waitFor();
    await other.context().close();

    // "Same as the browser": French again, here and after a reload.
    await amelie.getByRole("button", { name: en.dialogs.settings.title }).first().click();
    await amelie
      .getByRole("dialog", { name: en.dialogs.settings.title })
      .getByRole("group", { name: en.common.language.legend })
      .getByRole("radio", { name: en.common.language.browser })
      .check();
    await amelie.getByRole("dialog", { name: fr.dialogs.settings.title }).waitFor();
    await amelie.keyboard.press("Escape");
    await amelie.reload();
    await amelie.getByRole("log", { name: fr.messages.list.label }).waitFor();
    assert.equal(await lang(amelie), "fr");
  });

  it("left no console errors", () => {
    assert.deepEqual(consoleErrors, []);
  });
});
