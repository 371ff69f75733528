// axe-core over the main screens, in the light and the dark theme: no serious or critical violation
// (contrast, names of buttons and fields, roles, landmarks, focusable content). axe's own script is
// run in the page through the DevTools protocol (the pages' CSP allows no inline script, rightly).
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { before, describe, it } from "node:test";
import { chatSuite, composer, newContext, screenshot } from "./harness.mjs";

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const suite = chatSuite();
const THEMES = ["light", "dark"];

/**
 * axe's violations on the page as it is, serious and critical only, one line each with the elements
 * concerned (at most five) and the reason axe gives for the first.
 */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        why: v.nodes[0]?.failureSummary?.split("\n").slice(0, 3).join(" "),
      }));
  });
  return found.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(", ")} — ${v.why}`);
}

async function expectClean(page, screen) {
  await screenshot(page, `a11y-${screen}`);
  assert.deepEqual(await violations(page), [], `axe on ${screen}`);
}

/** The account's theme, as the settings dialog stores it, then the page drawn again in it. */
async function useTheme(page, theme) {
  await page.evaluate(async (choice) => {
    const res = await fetch("/settings", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ theme: choice }) });
    if (!res.ok) throw new Error(`theme: ${res.status}`);
  }, theme);
  await page.goto("/");
  await page.getByTestId("channel-title").getByText("# general").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
}

/** Sends `text` and waits for it on screen, where it reads `shown` once formatted. */
const say = async (page, text, shown) => {
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await page.locator("article", { hasText: shown }).last().waitFor();
};
const message = (page, text) => page.locator("article", { hasText: text }).last();

describe("accessibility of the main screens (axe-core)", () => {
  let alice;
  let bob;

  before(async () => {
    alice = await suite.signUp("alice");
    bob = await suite.signUp("bob");
    // A channel worth checking: Markdown, code, a link, a mention, a reaction, a thread with a reply.
    await say(alice, "Welcome, **everyone**: read the [guide](https://example.com/guide) and `npm test`.", "Welcome, everyone");
    await say(alice, "```ts\nconst answer: number = 42;\n```", "const answer");
    await say(bob, "@alice thanks, on it :tada:", "thanks, on it");
    const root = message(alice, "Welcome, everyone");
    await root.hover();
    await root.getByRole("button", { name: "Add reaction" }).click();
    await alice.getByRole("dialog", { name: "Add reaction" }).getByLabel("Search reactions").fill("thumbsup");
    await alice.getByRole("dialog", { name: "Add reaction" }).getByLabel("Search reactions").press("Enter");
    await message(bob, "Welcome, everyone").getByRole("button", { name: /thumbsup by alice/ }).waitFor();
  });

  for (const theme of THEMES) {
    describe(`the ${theme} theme`, () => {
      before(async () => {
        await useTheme(alice, theme);
      });

      it("the sign-in and sign-up pages", async () => {
        const context = await newContext(suite.browser, suite.server.base, suite.consoleErrors);
        await context.addCookies([{ name: "minimost-theme", value: theme, url: suite.server.base }]);
        const page = await context.newPage();
        await page.goto("/login");
        await page.getByRole("button", { name: "Log in" }).waitFor();
        await expectClean(page, `login-${theme}`);
        await page.goto("/signup");
        await page.getByRole("button", { name: "Sign up" }).waitFor();
        await expectClean(page, `signup-${theme}`);
        await context.close();
      });

      it("a channel with messages", async () => {
        await message(alice, "thanks, on it").waitFor();
        await expectClean(alice, `channel-${theme}`);
      });

      it("a channel on a phone", async () => {
        await alice.setViewportSize({ width: 390, height: 844 });
        try {
          await message(alice, "thanks, on it").waitFor();
          await expectClean(alice, `channel-${theme}-phone`);
        } finally {
          await alice.setViewportSize({ width: 1280, height: 800 });
        }
      });

      it("a thread beside the channel", async () => {
        const root = message(alice, "Welcome, everyone");
        await root.hover();
        await root.getByRole("button", { name: "Reply in thread", exact: true }).click();
        const panel = alice.getByRole("complementary", { name: "Thread", exact: true });
        await panel.waitFor();
        await expectClean(alice, `thread-${theme}`);
        await panel.getByRole("button", { name: "Close thread" }).click();
      });

      it("search results", async () => {
        const box = alice.getByRole("combobox", { name: "Search messages" });
        await box.fill("from:alice guide");
        await box.press("Enter");
        await alice.getByRole("listbox", { name: "Search results" }).getByRole("option").first().waitFor();
        await expectClean(alice, `search-${theme}`);
        await alice.keyboard.press("Escape");
      });

      it("the settings dialog", async () => {
        await alice.getByRole("button", { name: "Settings" }).first().click();
        await alice.getByRole("dialog", { name: "Settings" }).waitFor();
        await expectClean(alice, `settings-${theme}`);
        await alice.keyboard.press("Escape");
        await alice.getByRole("dialog", { name: "Settings" }).waitFor({ state: "detached" });
      });

      it("the quick switcher", async () => {
        await alice.keyboard.press("Control+k");
        const dialog = alice.getByRole("dialog", { name: "Switch channels" });
        await dialog.waitFor();
        await alice.keyboard.type("gen");
        await expectClean(alice, `switcher-${theme}`);
        await alice.keyboard.press("Escape");
        await dialog.waitFor({ state: "detached" });
      });

      it("the boards", async () => {
        await alice.goto("/boards/");
        await alice.getByRole("heading", { name: "Boards" }).waitFor();
        await expectClean(alice, `boards-${theme}`);
        await alice.goto("/boards/tech/");
        await alice.getByRole("heading").first().waitFor();
        await expectClean(alice, `board-${theme}`);
        await alice.goto("/");
        await alice.getByTestId("channel-title").getByText("# general").waitFor();
      });
    });
  }

  it("left no console errors", () => {
    assert.deepEqual(suite.consoleErrors, []);
  });
});
