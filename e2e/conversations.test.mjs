// Conversations as a team expects them (issue 16), two people in two browsers: threads and following,
// pins, saves, mark as unread, permalinks from a cold start, edit history, a public channel created by
// the admin and joined by the other, a muted channel that stays quiet, search operators, the quick
// switcher; and the main screens in both themes at desktop and phone widths.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { chatSuite, say, screenshot, watchPage } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
const suite = chatSuite();
const signUp = (username) => suite.signUp(username, PASSWORD);

/**
 * A message row of the open channel by its own text (a reply's quote of its root does not count; the
 * thread panel's rows are not in the list).
 */
const message = (page, text) =>
  page.getByTestId("message-list").locator("article").filter({ has: page.locator(".message-body", { hasText: text }) }).last();
const sidebar = (page) => page.getByRole("navigation", { name: "Channels" });
const title = (page) => page.getByTestId("channel-title");
const threadPanel = (page) => page.getByRole("complementary", { name: "Thread" });
const threadsView = (page) => page.getByRole("complementary", { name: "Threads" });
const threadsButton = (page) => page.getByRole("button", { name: /^Threads( \(\d+ unread\))?$/ });

/** Sends through the API with the page's session (set-up only); answers the new message's id. */
async function post(page, channel, text) {
  const sent = await page.evaluate(
    async ([ch, body]) => {
      const res = await fetch(`/send/${encodeURIComponent(ch)}`, { method: "POST", headers: { accept: "application/json" }, body: new URLSearchParams({ text: body }) });
      return { status: res.status, body: await res.json() };
    },
    [channel, text],
  );
  assert.equal(sent.status, 201, `send to ${channel}: ${JSON.stringify(sent.body)}`);
  return sent.body.id;
}

/** Sends `texts` one after the other through the API (set-up only). */
async function postMany(page, channel, texts) {
  const statuses = await page.evaluate(
    async ([ch, bodies]) => {
      const out = [];
      for (const text of bodies) out.push((await fetch(`/send/${encodeURIComponent(ch)}`, { method: "POST", body: new URLSearchParams({ text }) })).status);
      return out;
    },
    [channel, texts],
  );
  assert.deepEqual([...new Set(statuses)], [200], `sends to ${channel}`);
}

/** On a phone the sidebar is a drawer behind a button. */
async function openSidebar(page) {
  const drawer = page.getByRole("button", { name: "Open channels" });
  if (await drawer.isVisible()) await drawer.click();
}
async function openChannel(page, name) {
  await openSidebar(page);
  await sidebar(page).getByRole("button", { name: new RegExp(`^# ${name}\\b`) }).click();
  await title(page).getByText(`# ${name}`, { exact: true }).waitFor();
}
/** The header's channel actions (notifications, Threads, Pinned, Saved) sit behind "Channel actions" on a phone. */
async function headerAction(page, button) {
  const more = page.getByRole("button", { name: "Channel actions" });
  if (await more.isVisible()) await more.click();
  await (typeof button === "string" ? page.getByRole("button", { name: button }) : button).click();
}
/** Picks an entry of a message's "More actions" menu. */
async function messageAction(page, text, item) {
  const row = message(page, text);
  await row.hover();
  await row.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menu", { name: "Message actions" }).getByRole("menuitem", { name: item }).click();
}
/** Edits one of the reader's own messages through its Edit button. */
async function edit(page, from, to) {
  const row = message(page, from);
  await row.hover();
  await row.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel("Edit message").fill(to);
  await page.getByTestId("message-list").getByRole("button", { name: "Save", exact: true }).click();
  await message(page, to).getByText("(edited)").waitFor({ timeout: 5000 });
}
async function chooseTheme(page, theme) {
  await page.getByRole("button", { name: "Settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Settings" });
  await dialog.getByRole("radio", { name: theme === "dark" ? "Dark" : "Light" }).check();
  await page.waitForFunction((t) => document.documentElement.getAttribute("data-theme") === t, theme);
  await dialog.getByRole("button", { name: "Close" }).click();
}
/** The sidebar entry's accessible name, which carries its badge ("2 unread", "1 mention (muted)"). */
const entryName = (page, name) => sidebar(page).getByRole("button", { name: new RegExp(`^# ${name}\\b`) });
/** Whether the element's box lies inside the message list's visible box. */
const inView = (locator) =>
  locator.evaluate((el) => {
    const list = el.closest("[data-testid='message-list']").getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return box.top >= list.top - 1 && box.bottom <= list.bottom + 1 && box.height > 0;
  });

describe("conversations in the browser", () => {
  let alice;
  let bob;

  before(async () => {
    alice = await signUp("alice"); // the first account: the admin
    bob = await signUp("bob");
  });

  it("threads: a reply in the panel, the root author's Threads badge and view, unfollowing, also sent to the channel", async () => {
    await say(alice, "Who can review the release notes?");
    await message(bob, "Who can review the release notes?").hover();
    await message(bob, "Who can review the release notes?").getByRole("button", { name: "Reply in thread" }).click();
    await threadPanel(bob).getByText("Who can review the release notes?").waitFor();
    await threadPanel(bob).getByRole("textbox", { name: "Reply in thread" }).fill("I can, after lunch");
    await threadPanel(bob).getByRole("textbox", { name: "Reply in thread" }).press("Enter");
    await threadPanel(bob).getByRole("list", { name: "Replies" }).getByText("I can, after lunch").waitFor({ timeout: 5000 });
    // Bob replied: he follows the thread.
    assert.equal(await threadPanel(bob).getByRole("button", { name: "Following" }).getAttribute("aria-pressed"), "true");

    // Alice wrote the root: she follows it, and the reply is unread for her in the Threads view.
    await alice.getByRole("button", { name: "Threads (1 unread)" }).waitFor({ timeout: 5000 });
    // In the channel the reply stays out of the list; the root says it has one.
    await message(alice, "Who can review the release notes?").getByRole("button", { name: "1 reply: open the thread" }).waitFor({ timeout: 5000 });
    assert.equal(await message(alice, "I can, after lunch").count(), 0, "a thread-only reply is not in the channel");
    await alice.getByRole("button", { name: "Threads (1 unread)" }).click();
    const entry = threadsView(alice).getByRole("list", { name: "Followed threads" }).getByRole("button", { name: /Who can review the release notes\?/ });
    await entry.getByLabel("1 unread").waitFor();
    assert.match(await entry.textContent(), /# general/);
    await entry.click();
    await threadPanel(alice).getByRole("list", { name: "Replies" }).getByText("I can, after lunch").waitFor();
    // With the thread panel open the header folds its actions behind "Channel actions": the button is there, unseen.
    await alice.getByRole("button", { name: "Threads", exact: true, includeHidden: true }).waitFor({ state: "attached", timeout: 5000 });
    assert.equal(await alice.locator(".threads-badge").count(), 0, "opening the thread cleared its badge");

    // Bob unfollows and closes the panel: Alice's next reply is no news for him.
    await threadPanel(bob).getByRole("button", { name: "Following" }).click();
    await threadPanel(bob).getByRole("button", { name: "Follow", exact: true }).waitFor();
    assert.equal(await threadPanel(bob).getByRole("button", { name: "Follow", exact: true }).getAttribute("aria-pressed"), "false");
    await threadPanel(bob).getByRole("button", { name: "Close thread" }).click();
    await threadPanel(alice).getByRole("textbox", { name: "Reply in thread" }).fill("Thanks, bob");
    await threadPanel(alice).getByRole("textbox", { name: "Reply in thread" }).press("Enter");
    await threadPanel(alice).getByRole("list", { name: "Replies" }).getByText("Thanks, bob").waitFor({ timeout: 5000 });
    // Bob's channel has the reply counted on the root…
    await message(bob, "Who can review the release notes?").getByRole("button", { name: "2 replies: open the thread" }).waitFor({ timeout: 5000 });
    // …and his threads, as a fresh page load has them, hold nothing unread: the thread is not even listed.
    const fetched = bob.waitForResponse((res) => new URL(res.url()).pathname === "/threads" && res.request().method() === "GET");
    await bob.reload();
    assert.equal((await fetched).status(), 200);
    await title(bob).getByText("# general", { exact: true }).waitFor();
    await message(bob, "Who can review the release notes?").getByRole("button", { name: "2 replies: open the thread" }).waitFor();
    assert.equal(await bob.getByRole("button", { name: "Threads", exact: true }).count(), 1, "no unread count on Bob's Threads button");
    assert.equal(await bob.locator(".threads-badge").count(), 0);
    await headerAction(bob, threadsButton(bob));
    await threadsView(bob).getByText("No followed threads yet", { exact: false }).waitFor();
    await threadsView(bob).getByRole("button", { name: "Close threads" }).click();

    // "Also send to channel": the reply shows in the channel too.
    await message(bob, "Who can review the release notes?").getByRole("button", { name: "2 replies: open the thread" }).click();
    await threadPanel(bob).getByRole("textbox", { name: "Reply in thread" }).fill("Shipping the notes today");
    await threadPanel(bob).getByRole("checkbox", { name: "Also send to channel" }).check();
    await threadPanel(bob).getByRole("button", { name: "Send" }).click();
    await threadPanel(bob).getByRole("list", { name: "Replies" }).locator("article", { hasText: "Shipping the notes today" }).getByText("also sent to the channel").waitFor({ timeout: 5000 });
    await message(alice, "Shipping the notes today").waitFor({ timeout: 5000 });
    await message(bob, "Shipping the notes today").waitFor({ timeout: 5000 });
    await message(alice, "Who can review the release notes?").getByRole("button", { name: "3 replies: open the thread" }).waitFor({ timeout: 5000 });
    await threadPanel(bob).getByRole("button", { name: "Close thread" }).click();
    await threadPanel(alice).getByRole("button", { name: "Close thread" }).click();
  });

  it("pins a message for the channel, saves one for later, and marks one unread", async () => {
    await say(alice, "Deploy window is Friday 18:00");
    await say(alice, "Rollback plan is in the wiki");
    await say(alice, "Ping me if the canary fails");
    await message(bob, "Ping me if the canary fails").waitFor({ timeout: 5000 });

    await messageAction(alice, "Deploy window is Friday 18:00", "Pin to channel");
    await alice.getByRole("status").getByText("Pinned to the channel").waitFor();
    await headerAction(bob, "Pinned messages");
    const pins = bob.getByRole("dialog", { name: "Pinned in # general" });
    const pinned = pins.getByRole("list", { name: "Pinned messages" }).getByRole("listitem");
    await pinned.getByText("Deploy window is Friday 18:00").waitFor();
    assert.equal(await pinned.count(), 1);
    await pinned.getByText("Pinned by alice", { exact: false }).waitFor();
    await pins.getByRole("button", { name: "Close" }).click();
    // Alice's menu now offers to unpin it.
    await message(alice, "Deploy window is Friday 18:00").hover();
    await message(alice, "Deploy window is Friday 18:00").getByRole("button", { name: "More actions" }).click();
    await alice.getByRole("menuitem", { name: "Unpin from channel" }).waitFor();
    await alice.keyboard.press("Escape");

    await messageAction(bob, "Rollback plan is in the wiki", "Save for later");
    await bob.getByRole("status").getByText("Saved for later").waitFor();
    await headerAction(bob, "Saved messages");
    const saved = bob.getByRole("dialog", { name: "Saved messages" });
    await saved.getByRole("list", { name: "Saved messages" }).getByText("Rollback plan is in the wiki").waitFor();
    await saved.getByText("In # general", { exact: false }).waitFor();
    await saved.getByRole("button", { name: "Close" }).click();

    // Mark as unread from the second of the three: those two are unread again once Bob looks elsewhere.
    await messageAction(bob, "Rollback plan is in the wiki", "Mark as unread");
    await bob.getByRole("status").getByText("Marked as unread").waitFor();
    await openChannel(bob, "software");
    await entryName(bob, "general").getByLabel("2 unread").waitFor({ timeout: 5000 });
    await bob.waitForFunction(() => document.title === "(2) MiniMost");
    await openChannel(bob, "general");
    const line = bob.getByTestId("new-messages-line");
    await line.waitFor();
    const next = await line.evaluate((el) => el.nextElementSibling?.textContent ?? "");
    assert.match(next, /Rollback plan is in the wiki/, "the New messages line sits right above the message marked unread");
    await bob.waitForFunction(() => document.title === "MiniMost");
    await screenshot(bob, "conversations-mark-unread");
  });

  it("opens a permalink from a cold start: the channel, scrolled to the message, highlighted", async () => {
    const id = await post(alice, "software", "Incident timeline lives here");
    await postMany(alice, "software", Array.from({ length: 40 }, (_, i) => `status line ${i + 1} of the incident`));
    // A new browser context that has only Bob's session cookie: the link is the first page it opens.
    const context = await suite.browser.newContext({ baseURL: suite.server.base, viewport: { width: 1280, height: 800 }, storageState: await bob.context().storageState() });
    context.on("page", (page) => watchPage(page, suite.consoleErrors));
    // Every row that is flashed (highlighted) is noted as it happens: the highlight fades after a second.
    await context.addInitScript(() => {
      window.__flashed = [];
      new MutationObserver((records) => {
        for (const r of records) if (r.target instanceof Element && r.target.hasAttribute("data-flash")) window.__flashed.push(r.target.getAttribute("data-message-id"));
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-flash"] });
    });
    const cold = await context.newPage();
    await cold.goto(`/m/${id}`);
    await title(cold).getByText("# software", { exact: true }).waitFor({ timeout: 15_000 });
    const target = message(cold, "Incident timeline lives here");
    await target.waitFor();
    await cold.waitForFunction((want) => window.__flashed.includes(String(want)), id, { timeout: 5000 });
    assert.ok(await inView(target), "the linked message is on screen");
    assert.ok(!(await inView(message(cold, "status line 40 of the incident"))), "the list is not at its bottom");
    // The address drops the link, so a reload opens the chat as usual.
    assert.equal(new URL(cold.url()).pathname, "/");
    assert.equal(new URL(cold.url()).search, "");
    await screenshot(cold, "conversations-permalink");
    await context.close();
  });

  it("shows every version of an edited message to the other reader", async () => {
    await openChannel(alice, "general");
    await say(alice, "Standup moves to 9:30");
    await edit(alice, "Standup moves to 9:30", "Standup moves to 9:45");
    await edit(alice, "Standup moves to 9:45", "Standup moves to 10:00");
    await message(bob, "Standup moves to 10:00").getByText("(edited)").waitFor({ timeout: 5000 });
    await messageAction(bob, "Standup moves to 10:00", "Edit history");
    const history = bob.getByRole("dialog", { name: "Edit history" });
    const versions = history.getByRole("list", { name: "Versions" }).getByRole("listitem");
    await versions.nth(2).waitFor();
    const texts = await versions.allTextContents();
    assert.equal(texts.length, 3);
    assert.match(texts[0], /^Original · .*Standup moves to 9:30$/);
    assert.match(texts[1], /^Edit 1 · .*Standup moves to 9:45$/);
    assert.match(texts[2], /^Current · .*Standup moves to 10:00$/);
    await screenshot(bob, "conversations-edit-history");
    await history.getByRole("button", { name: "Close" }).click();
  });

  it("the admin creates a public channel from the client; the other browses, joins it and reads its posts", async () => {
    await sidebar(alice).getByRole("button", { name: "Browse channels" }).click();
    const browse = alice.getByRole("dialog", { name: "Browse channels" });
    await browse.getByRole("button", { name: "New channel" }).click();
    const form = browse.getByRole("form", { name: "New channel" });
    await form.getByLabel("Name").fill("whale-watch");
    await form.getByLabel("Purpose (optional)").fill("Sightings and tides");
    await form.getByRole("button", { name: "Create" }).click();
    await title(alice).getByText("# whale-watch", { exact: true }).waitFor({ timeout: 5000 });
    await say(alice, "First sighting: two humpbacks off the point");
    await message(alice, "First sighting: two humpbacks off the point").waitFor();

    // Bob is not in it until he joins, and he has no admin controls.
    assert.equal(await entryName(bob, "whale-watch").count(), 0);
    await sidebar(bob).getByRole("button", { name: "Browse channels" }).click();
    const bobBrowse = bob.getByRole("dialog", { name: "Browse channels" });
    const row = bobBrowse.getByRole("list", { name: "Public channels" }).getByRole("listitem", { name: "whale-watch" });
    await row.getByText("Sightings and tides").waitFor({ timeout: 5000 });
    await row.getByText("1 member", { exact: true }).waitFor();
    assert.equal(await bobBrowse.getByRole("button", { name: "New channel" }).count(), 0);
    assert.equal(await row.getByRole("button", { name: "Archive whale-watch" }).count(), 0);
    await row.getByRole("button", { name: "Join whale-watch" }).click();
    await title(bob).getByText("# whale-watch", { exact: true }).waitFor({ timeout: 5000 });
    await message(bob, "First sighting: two humpbacks off the point").waitFor({ timeout: 5000 });
    await entryName(bob, "whale-watch").waitFor();
  });

  it("a muted channel stays quiet: no unread badge, no title count, its mention only as a quiet mark", async () => {
    // Everything Bob can see is read first: the title count is his to watch.
    await openChannel(bob, "software");
    await openChannel(bob, "whale-watch");
    await bob.getByRole("combobox", { name: "Notifications" }).selectOption({ label: "None (muted)" });
    await entryName(bob, "whale-watch").getByRole("img", { name: "muted" }).waitFor({ timeout: 5000 });
    await openChannel(bob, "general");
    await bob.waitForFunction(() => document.title === "MiniMost");

    await openChannel(alice, "whale-watch");
    await say(alice, "Tide is turning");
    await post(alice, "software", "Build 142 is green");
    // Software's news shows, and with it the muted channel's count had its chance to.
    await entryName(bob, "software").getByLabel("1 unread").waitFor({ timeout: 5000 });
    await bob.waitForFunction(() => document.title === "(1) MiniMost");
    assert.doesNotMatch(await entryName(bob, "whale-watch").getAttribute("class"), /font-semibold/);
    assert.equal(await entryName(bob, "whale-watch").locator(".unread-badge, .mention-badge").count(), 0);
    const serverCount = await bob.evaluate(async () => (await (await fetch("/channel_unreads")).json())["whale-watch"]);
    assert.equal(serverCount, 1, "the server counts the message; the page keeps quiet about it");

    await say(alice, "@bob whales at your window");
    await post(alice, "software", "Build 143 is green");
    await entryName(bob, "whale-watch").getByLabel("1 mention (muted)").waitFor({ timeout: 10_000 });
    await entryName(bob, "software").getByLabel("2 unread").waitFor({ timeout: 5000 });
    await bob.waitForFunction(() => document.title === "(2) MiniMost");
    assert.equal(await entryName(bob, "whale-watch").locator(".unread-badge, .mention-badge").count(), 0);
    assert.equal(await bob.getByText("You were mentioned in", { exact: false }).count(), 0, "no mention toast for a muted channel");
    await screenshot(bob, "conversations-muted");
  });

  it("searches with operators, suggested as they are typed, and jumps to the hit", async () => {
    await post(alice, "whale-watch", "the blue whale sings at dawn");
    await post(alice, "whale-watch", "the blue whale sings at dusk near krill");
    await post(alice, "whale-watch", "whale blue sings, words out of order");
    await post(alice, "general", "the blue whale sings in general too");
    await post(bob, "whale-watch", "the blue whale sings for bob as well");
    await openChannel(bob, "general");

    const box = bob.getByRole("combobox", { name: "Search messages" });
    await box.click();
    await box.pressSequentially("from:ali");
    const suggestions = bob.getByRole("listbox", { name: "Search suggestions" });
    await suggestions.getByRole("option", { name: /^from:alice/ }).waitFor();
    await box.press("Tab");
    assert.equal(await box.inputValue(), "from:alice ");
    await box.pressSequentially("in:whale");
    await suggestions.getByRole("option", { name: /^in:whale-watch/ }).waitFor();
    await box.press("Tab");
    assert.equal(await box.inputValue(), "from:alice in:whale-watch ");
    // The results of the whole query (those of the part typed so far come and go while typing).
    const final = bob.waitForResponse((res) => new URL(res.url()).searchParams.get("q") === 'from:alice in:whale-watch "blue whale sings" -krill');
    await box.pressSequentially('"blue whale sings" -krill');
    assert.equal((await final).status(), 200);
    await bob.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const results = bob.getByRole("listbox", { name: "Search results" });
    const hit = results.getByRole("option").filter({ hasText: "the blue whale sings at dawn" });
    await hit.waitFor({ timeout: 5000 });
    assert.equal(await results.getByRole("option").count(), 1, `one hit: ${await results.textContent()}`);
    const marked = (await hit.locator("[data-snippet] mark").allTextContents()).join(" ").toLowerCase();
    assert.match(marked, /blue/);
    assert.match(await hit.textContent(), /alice/);
    await screenshot(bob, "conversations-search-operators");
    await box.press("Enter");
    await title(bob).getByText("# whale-watch", { exact: true }).waitFor();
    const row = message(bob, "the blue whale sings at dawn");
    await row.waitFor();
    assert.ok(await inView(row), "the hit is on screen");
  });

  it("the quick switcher opens a channel from a fuzzy name; Alt+Up/Down step through the sidebar", async () => {
    await openChannel(bob, "general");
    await bob.keyboard.press("Control+k");
    const switcher = bob.getByRole("dialog", { name: "Switch channels" });
    await switcher.getByRole("combobox", { name: "Find a channel, conversation or person" }).pressSequentially("wwatch");
    const first = switcher.getByRole("option").first();
    await first.filter({ hasText: "whale-watch" }).waitFor();
    assert.equal(await first.getAttribute("aria-selected"), "true");
    await screenshot(bob, "conversations-switcher-query");
    await bob.keyboard.press("Enter");
    await switcher.waitFor({ state: "detached" });
    await title(bob).getByText("# whale-watch", { exact: true }).waitFor();
    // The sidebar's order decides where Alt+Up and Alt+Down lead.
    const names = ["general", "software", "whale-watch"];
    const order = (await sidebar(bob).getByRole("list").first().getByRole("button").allTextContents()).map((text) => names.find((n) => text.includes(`# ${n}`)));
    const at = order.indexOf("whale-watch");
    assert.ok(at > 0, `whale-watch has a channel above it: ${order.join(", ")}`);
    await bob.keyboard.press("Alt+ArrowUp");
    await title(bob).getByText(`# ${order[at - 1]}`, { exact: true }).waitFor();
    await bob.keyboard.press("Alt+ArrowDown");
    await title(bob).getByText("# whale-watch", { exact: true }).waitFor();
  });

  it("captures the main screens in light and dark, at 1280×800 and 390×844", async () => {
    await openChannel(alice, "general");
    const screens = [
      ["thread", async () => {
        await message(alice, "Who can review the release notes?").getByRole("button", { name: /replies: open the thread$/ }).click();
        await threadPanel(alice).getByText("Shipping the notes today").waitFor();
      }, () => threadPanel(alice).getByRole("button", { name: "Close thread" }).click()],
      ["threads", async () => {
        await headerAction(alice, threadsButton(alice));
        await threadsView(alice).getByRole("list", { name: "Followed threads" }).getByRole("button").first().waitFor();
      }, () => threadsView(alice).getByRole("button", { name: "Close threads" }).click()],
      ["search", async () => {
        await alice.getByRole("combobox", { name: "Search messages" }).fill('"blue whale" -krill');
        await alice.getByRole("listbox", { name: "Search results" }).getByRole("option").first().waitFor({ timeout: 5000 });
      }, async () => {
        await alice.getByRole("combobox", { name: "Search messages" }).fill("");
        await alice.getByRole("combobox", { name: "Search messages" }).press("Escape");
      }],
      ["switcher", async () => {
        await alice.getByTestId("message-list").click({ position: { x: 5, y: 5 } });
        await alice.keyboard.press("Control+k");
        await alice.getByRole("dialog", { name: "Switch channels" }).getByRole("option").first().waitFor();
      }, () => alice.keyboard.press("Escape")],
      ["browse", async () => {
        await openSidebar(alice);
        await sidebar(alice).getByRole("button", { name: "Browse channels" }).click();
        await alice.getByRole("dialog", { name: "Browse channels" }).getByRole("listitem", { name: "whale-watch" }).waitFor();
      }, () => alice.keyboard.press("Escape")],
      ["pinned", async () => {
        await headerAction(alice, "Pinned messages");
        await alice.getByRole("dialog", { name: "Pinned in # general" }).getByText("Deploy window is Friday 18:00").waitFor();
      }, () => alice.keyboard.press("Escape")],
    ];
    for (const theme of ["light", "dark"]) {
      await alice.setViewportSize({ width: 1280, height: 800 });
      await chooseTheme(alice, theme);
      for (const [device, width, height] of [["desktop", 1280, 800], ["phone", 390, 844]]) {
        await alice.setViewportSize({ width, height });
        for (const [name, open, close] of screens) {
          await open();
          await alice.mouse.move(0, 0);
          await screenshot(alice, `conversations-${name}-${theme}-${device}`);
          await close();
          assert.equal(await alice.getByRole("dialog").count(), 0, `${name} closed`);
        }
      }
    }
    await alice.setViewportSize({ width: 1280, height: 800 });
  });

  it("logged nothing to the browser console", () => {
    assert.deepEqual(suite.consoleErrors, []);
  });
});
