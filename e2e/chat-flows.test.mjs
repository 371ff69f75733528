// The everyday journeys of the web client, two people in two browsers.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { chatSuite, logInInBrowser, newContext, say, screenshot } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const suite = chatSuite();
const signUp = (username) => suite.signUp(username, PASSWORD);
const message = (page, text) => page.locator("article", { hasText: text }).last();
const sidebar = (page) => page.getByRole("navigation", { name: "Channels" });
/** On narrow screens the sidebar is a drawer behind a button. */
async function openSidebar(page) {
  const drawer = page.getByRole("button", { name: "Open channels" });
  if (await drawer.isVisible()) await drawer.click();
}
/** Back to # general with nothing open. */
async function sidebarReset(page) {
  if ((await page.getByTestId("channel-title").textContent()) !== "# general") {
    await openSidebar(page);
    await sidebar(page).getByRole("button", { name: "# general" }).click();
    await page.getByTestId("channel-title").getByText("# general").waitFor();
  }
}
async function openDialog(page, button, title) {
  await page.getByRole("button", { name: button }).first().click();
  await page.getByRole("dialog", { name: title }).waitFor();
}

describe("everyday chat in the browser", () => {
  let alice;
  let bob;

  before(async () => {
    alice = await signUp("alice");
    bob = await signUp("bob");
  });

  it("a DM raises an unread badge and the title count, cleared on opening it", async () => {
    await bob.getByRole("button", { name: "New DM" }).click();
    await bob.getByRole("dialog", { name: "Start Direct Message" }).getByLabel("Usernames").fill("alice");
    await bob.getByRole("button", { name: "Start" }).click();
    await bob.getByTestId("channel-title").getByText("@ alice").waitFor();
    await say(bob, "psst, alice");
    const dm = sidebar(alice).getByRole("button", { name: /@ bob/ });
    await dm.getByLabel("1 unread").waitFor({ timeout: 5000 });
    await alice.waitForFunction(() => document.title === "(1) MiniMost");
    await screenshot(alice, "dm-unread");
    await dm.click();
    await message(alice, "psst, alice").waitFor();
    await alice.waitForFunction(() => document.title === "MiniMost");
    assert.equal(await dm.getByLabel("1 unread").count(), 0);
  });

  it("shows a read tick on a message once the other person has read it", async () => {
    await message(bob, "psst, alice").locator(".seen").waitFor({ timeout: 6000 });
    assert.equal(await message(bob, "psst, alice").locator(".seen").getAttribute("title"), "Read by: alice");
  });

  it("replies, reacts, edits and deletes", async () => {
    await message(alice, "psst, alice").hover();
    await message(alice, "psst, alice").getByRole("button", { name: "Reply", exact: true }).click();
    await alice.getByText("Replying to bob: psst, alice").waitFor();
    await say(alice, "what is it?");
    const reply = message(bob, "what is it?");
    await reply.getByRole("button", { name: "bob: psst, alice" }).waitFor({ timeout: 5000 });

    await reply.hover();
    await reply.getByRole("button", { name: "Add reaction" }).click();
    await bob.getByRole("dialog", { name: "Add reaction" }).getByLabel("Search reactions").fill("thumbsup");
    await bob.getByRole("dialog", { name: "Add reaction" }).getByLabel("Search reactions").press("Enter");
    await message(alice, "what is it?").getByRole("button", { name: /thumbsup by bob/ }).waitFor({ timeout: 5000 });

    const mine = message(alice, "what is it?");
    await mine.hover();
    await mine.getByRole("button", { name: "Edit" }).click();
    await alice.getByLabel("Edit message").fill("what is it, bob?");
    await alice.getByTestId("message-list").getByRole("button", { name: "Save", exact: true }).click();
    await message(bob, "what is it, bob?").getByText("(edited)").waitFor({ timeout: 5000 });

    await say(alice, "oops, wrong chat");
    await message(bob, "oops, wrong chat").waitFor({ timeout: 5000 });
    await message(alice, "oops, wrong chat").hover();
    await message(alice, "oops, wrong chat").getByRole("button", { name: "Delete" }).click();
    // Nothing is deleted before the confirmation; Enter confirms (Delete has the focus).
    const confirm = alice.getByRole("dialog", { name: "Delete message" });
    await confirm.getByText("oops, wrong chat").waitFor();
    await alice.waitForTimeout(500);
    assert.equal(await message(bob, "oops, wrong chat").count(), 1, "still there while the dialog asks");
    await screenshot(alice, "delete-confirm");
    await alice.keyboard.press("Enter");
    await bob.locator("article", { hasText: "oops, wrong chat" }).waitFor({ state: "detached", timeout: 5000 });
  });

  it("groups one sender's quick messages under one header, each still its own message", async () => {
    await say(bob, "first of three");
    await say(bob, "second of three");
    await say(bob, "third of three");
    await message(alice, "third of three").waitFor({ timeout: 5000 });
    const headers = await alice.evaluate(() =>
      ["first of three", "second of three", "third of three"].map((text) => {
        const row = [...document.querySelectorAll("[data-testid='message-list'] article")].findLast((a) => a.textContent.includes(text));
        return row.querySelector("header") ? "header" : "compact";
      }),
    );
    assert.deepEqual(headers, ["header", "compact", "compact"]);
    // The grouped ones keep their own actions and show their time on hover.
    await message(alice, "second of three").hover();
    await message(alice, "second of three").locator("time").waitFor({ state: "visible" });
    await message(alice, "second of three").getByRole("button", { name: "Reply", exact: true }).waitFor();
    await screenshot(alice, "grouped-messages");
  });

  it("keeps mentions, names and avatars readable in both themes, whatever colour was chosen", async () => {
    // Alice chose white (the old palette offered it); bob mentions her.
    const saved = await alice.evaluate(async () => (await fetch("/settings", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name_color: "#ffffff" }) })).status);
    assert.equal(saved, 200);
    await sidebarReset(alice);
    await sidebarReset(bob);
    await say(alice, "white is my colour");
    await say(bob, "```python\ndef greet(): return 'hi' + str(42)  # note\n```");
    await say(bob, "@alice can you read this?");
    await alice.reload();
    await alice.locator("article.mentioned", { hasText: "can you read this?" }).waitFor({ timeout: 5000 });
    for (const scheme of ["light", "dark"]) {
      await alice.emulateMedia({ colorScheme: scheme });
      await alice.mouse.move(0, 0);
      await alice.getByLabel("Search messages").fill("colour");
      await alice.getByRole("listbox", { name: "Search results" }).locator("mark").first().waitFor({ timeout: 5000 });
      const measured = await alice.evaluate(() => {
        // The browser resolves every colour (hex, oklch, mixes) by painting layers on one pixel.
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 1;
        const g = canvas.getContext("2d", { willReadFrequently: true });
        const paint = (...layers) => {
          g.clearRect(0, 0, 1, 1);
          for (const layer of layers) {
            g.fillStyle = layer;
            g.fillRect(0, 0, 1, 1);
          }
          return [...g.getImageData(0, 0, 1, 1).data].slice(0, 3);
        };
        const lum = (rgb) => {
          const [r, gr, b] = rgb.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * gr + 0.0722 * b;
        };
        const contrast = (a, b) => {
          const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
          return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
        };
        const style = (el) => getComputedStyle(el);
        const page = style(document.body).backgroundColor;
        const rows = [...document.querySelectorAll("[data-testid='message-list'] article")];
        const mention = rows.findLast((a) => a.textContent.includes("can you read this?"));
        const pill = mention.querySelector(".mention-me");
        const pillBg = paint(page, style(mention).backgroundColor, style(pill).backgroundColor);
        const pillFg = paint(page, style(mention).backgroundColor, style(pill).backgroundColor, style(pill).color);
        const edge = paint(page, style(mention).borderLeftColor);
        const mine = rows.findLast((a) => a.textContent.includes("white is my colour") && a.querySelector("header"));
        const behind = paint(page, style(mine).backgroundColor);
        const name = paint(page, style(mine).backgroundColor, style(mine.querySelector("header button")).color);
        const avatar = paint(page, style(mine).backgroundColor, style(mine.querySelector("[aria-hidden='true']")).backgroundColor);
        // Every highlighted token of the code block, the least readable one counted.
        const code = rows.findLast((a) => a.querySelector(".hl-kw"));
        const block = code.querySelector("pre").parentElement;
        const codeBg = paint(page, style(code).backgroundColor, style(block).backgroundColor);
        const tokens = [...code.querySelectorAll("pre [class^='hl-']")].map((t) => contrast(paint(page, style(code).backgroundColor, style(block).backgroundColor, style(t).color), codeBg));
        // A search match: its text over the mark, over everything behind it.
        const mark = document.querySelector("[role='listbox'] mark");
        const layers = [];
        for (let el = mark; el; el = el.parentElement) layers.unshift(style(el).backgroundColor);
        const markBg = paint(page, ...layers);
        // A presence dot against the ring that sets it off the avatar.
        const dot = document.querySelector("nav [data-presence]");
        return {
          "code tokens": Math.min(...tokens),
          "search match": contrast(paint(page, ...layers, style(mark).color), markBg),
          "presence dot": contrast(paint(page, style(dot).backgroundColor), paint(page, style(dot).borderTopColor)),
          mention: contrast(pillFg, pillBg),
          "mentioned row edge": contrast(edge, paint(page)),
          "white name": contrast(name, behind),
          "white avatar": contrast(avatar, behind),
        };
      });
      for (const [what, ratio] of Object.entries(measured)) assert.ok(ratio >= 3, `${scheme}: ${what} has a contrast of ${ratio}:1`);
      await alice.getByLabel("Search messages").fill("");
      await alice.keyboard.press("Escape");
      for (const [width, height] of [[1280, 800], [375, 740]]) {
        await alice.setViewportSize({ width, height });
        await screenshot(alice, `mentions-${scheme}-${width}`);
      }
      await alice.setViewportSize({ width: 1280, height: 800 });
    }
    await alice.emulateMedia({ colorScheme: null });
    await alice.evaluate(() => fetch("/settings", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name_color: null }) }));
  });

  it("creates a private channel, adds a member, and the member leaves", async () => {
    await sidebar(alice).getByRole("button", { name: "New private channel" }).click();
    const dialog = alice.getByRole("dialog", { name: "New Private Channel" });
    await dialog.getByLabel("Name").fill("launch-plan");
    await dialog.getByRole("button", { name: "Create" }).click();
    await alice.getByTestId("channel-title").getByText("launch-plan").waitFor();
    await alice.getByRole("button", { name: /^\d+ members?$/ }).click();
    const members = alice.getByRole("dialog", { name: "Members: launch-plan" });
    await members.getByLabel("Add a member").fill("bob");
    await members.getByRole("button", { name: "Add Member" }).click();
    await members.getByRole("list", { name: "Members" }).getByText("bob", { exact: true }).waitFor();
    await members.getByRole("button", { name: "Close" }).click();
    await alice.getByText("alice added bob to this channel").waitFor({ timeout: 5000 });
    await alice.getByRole("button", { name: "Rename channel" }).click();
    const rename = alice.getByRole("dialog", { name: "Rename Channel" });
    assert.equal(await rename.getByLabel("Name").inputValue(), "launch-plan");
    await rename.getByLabel("Name").fill("launch-2027");
    await rename.getByLabel("Name").press("Enter");
    await alice.getByTestId("channel-title").getByText("launch-2027").waitFor({ timeout: 5000 });
    await alice.getByText('alice has renamed the channel to "launch-2027"').waitFor({ timeout: 5000 });

    await sidebar(bob).getByRole("button", { name: "launch-2027" }).click({ timeout: 5000 });
    await bob.getByText("alice added bob to this channel").waitFor();
    bob.once("dialog", (d) => d.accept());
    await bob.getByRole("button", { name: /^\d+ members?$/ }).click();
    await bob.getByRole("button", { name: "Leave channel" }).click();
    await bob.getByTestId("channel-title").getByText("# general").waitFor();
    await sidebar(bob).getByRole("button", { name: "launch-2027" }).waitFor({ state: "detached", timeout: 5000 });
    await alice.getByText("bob has left the channel").waitFor({ timeout: 5000 });
  });

  it("finds a message with search and jumps to it", async () => {
    await sidebar(alice).getByRole("button", { name: "# software" }).click();
    await say(alice, "the deploy key is in the vault");
    await sidebar(alice).getByRole("button", { name: "# general" }).click();
    await bob.getByLabel("Search messages").fill("vault");
    const result = bob.getByRole("listbox", { name: "Search results" }).getByRole("option", { name: /deploy key/ });
    await result.waitFor({ timeout: 5000 });
    assert.equal(await result.locator("mark").textContent(), "vault");
    await result.click();
    await bob.getByTestId("channel-title").getByText("# software").waitFor();
    await message(bob, "the deploy key is in the vault").waitFor();
    await screenshot(bob, "search-jump");
  });

  it("shows a colleague's presence dot going idle after five quiet minutes, and back", async () => {
    // Bob comes back in a browser whose clock the test controls, so five minutes pass at once.
    await bob.context().close();
    const context = await newContext(suite.browser, suite.server.base, suite.consoleErrors);
    await context.clock.install();
    bob = await context.newPage();
    await logInInBrowser(bob, suite.server.base, "bob", PASSWORD);
    const dot = sidebar(alice).getByRole("button", { name: /@ bob/ }).locator("[data-presence]");
    await sidebar(alice).getByRole("button", { name: /@ bob/ }).locator("[data-presence='active']").waitFor({ timeout: 5000 });
    await context.clock.fastForward("05:10");
    await sidebar(alice).getByRole("button", { name: /@ bob/ }).locator("[data-presence='idle']").waitFor({ timeout: 5000 });
    await screenshot(alice, "presence-idle");
    await bob.mouse.move(200, 200);
    await bob.mouse.move(240, 260);
    await sidebar(alice).getByRole("button", { name: /@ bob/ }).locator("[data-presence='active']").waitFor({ timeout: 5000 });
    assert.equal(await dot.count(), 1);
  });

  it("captures every main view at 1280 and 375 px", async () => {
    const views = [
      ["chat", async () => {}],
      ["dm", async () => {
        await openSidebar(alice);
        await sidebar(alice).getByRole("button", { name: /@ bob/ }).click();
        await alice.getByTestId("channel-title").getByText("@ bob").waitFor();
      }],
      ["search", async () => {
        await alice.getByLabel("Search messages").fill("vault");
        await alice.getByRole("listbox", { name: "Search results" }).getByRole("option", { name: /deploy key/ }).waitFor({ timeout: 5000 });
      }],
      ["members", () => openDialog(alice, /^\d+ members?$/, "Members")],
      ["account", () => openDialog(alice, "Account", "Account")],
      ["settings", () => openDialog(alice, "Settings", "Settings")],
      ["help", async () => {
        // On a phone, help sits in the settings dialog.
        if (await alice.getByRole("button", { name: "Help", exact: true }).isVisible()) return openDialog(alice, "Help", "Help");
        await openDialog(alice, "Settings", "Settings");
        await alice.getByRole("button", { name: "Help and keyboard shortcuts" }).click();
        await alice.getByRole("dialog", { name: "Help" }).waitFor();
      }],
      ["new-dm", async () => {
        await openSidebar(alice);
        await sidebar(alice).getByRole("button", { name: "New DM" }).click();
        await alice.getByRole("dialog", { name: "Start Direct Message" }).waitFor();
      }],
      ["new-private", async () => {
        await openSidebar(alice);
        await sidebar(alice).getByRole("button", { name: "New private channel" }).click();
        await alice.getByRole("dialog", { name: "New Private Channel" }).waitFor();
      }],
      ["emoji-picker", async () => {
        await alice.getByRole("button", { name: "Emoji" }).click();
        await alice.getByRole("dialog", { name: "Emoji" }).waitFor();
      }],
      ["visual-mode", async () => {
        await openSidebar(alice);
        await sidebar(alice).getByRole("button", { name: /@ bob/ }).click();
        await alice.getByTestId("channel-title").getByText("@ bob").waitFor();
        await alice.getByTestId("message-list").click({ position: { x: 5, y: 5 } });
        await alice.keyboard.press("v");
        await alice.locator("article.visual-selected").waitFor();
      }],
    ];
    // The dark theme is the main one; the light one follows the system setting.
    await alice.emulateMedia({ colorScheme: "light" });
    await screenshot(alice, "view-chat-1280-light");
    await alice.emulateMedia({ colorScheme: "dark" });
    for (const [width, height] of [[1280, 800], [375, 740]]) {
      await alice.setViewportSize({ width, height });
      for (const [name, open] of views) {
        await sidebarReset(alice);
        await open();
        await screenshot(alice, `view-${name}-${width}`);
        await alice.keyboard.press("Escape");
        await alice.keyboard.press("Escape");
      }
    }
    await openSidebar(alice);
    await screenshot(alice, "view-drawer-375");
    await alice.keyboard.press("Escape");
    await alice.setViewportSize({ width: 1280, height: 800 });
    await alice.emulateMedia({ colorScheme: null });
    const anonymous = await (await newContext(suite.browser, suite.server.base, suite.consoleErrors)).newPage();
    for (const [width, height] of [[1280, 800], [375, 740]]) {
      await anonymous.setViewportSize({ width, height });
      for (const view of ["login", "signup"]) {
        await anonymous.goto(`/${view}`);
        await screenshot(anonymous, `view-${view}-${width}`);
      }
    }
    await anonymous.context().close();
  });

  it("soft-deletes an account, whose messages then read as Deleted User", async () => {
    await bob.getByRole("button", { name: "Account" }).click();
    const account = bob.getByRole("dialog", { name: "Account" });
    await account.getByRole("button", { name: "Soft Delete Account" }).click();
    await account.getByLabel("Password").fill(PASSWORD);
    await account.getByRole("button", { name: "Soft Delete My Account" }).click();
    await bob.waitForURL(`${suite.server.base}/login`);
    await sidebar(alice).getByRole("button", { name: /@ bob/ }).click();
    // The message's own header (the reply quoting it says "Deleted User: psst, alice").
    await alice.locator("article", { hasText: "psst, alice" }).getByText("Deleted User", { exact: true }).first().waitFor({ timeout: 5000 });
  });

  it("logged nothing to the browser console", () => {
    assert.deepEqual(suite.consoleErrors, []);
  });
});
