// The boards in two browsers: a thread with an image, replies and quotes that show up live on the
// other side, an admin (the first account) locking the thread, readers without an account or
// without JavaScript, and every page at phone and desktop widths in both themes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { launchBrowser, newContext, screenshot, signUpInBrowser, startServer } from "./harness.mjs";

const consoleErrors = [];
let server;
let browser;

/** A picture worth expanding: a landscape with a sun, drawn here so nothing is downloaded. */
async function landscape() {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540">
    <rect width="960" height="540" fill="#3a86ff"/><circle cx="740" cy="150" r="80" fill="#ffd93d"/>
    <path d="M0 420 L240 260 L420 400 L640 230 L960 430 L960 540 L0 540 Z" fill="#2d6a4f"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const article = (page, id) => page.locator(`article#p${id}`);
/** The id of the newest post on the page. */
const lastPostId = async (page) => Number(await page.locator("article[data-post-id]").last().getAttribute("data-post-id"));

/** The page is no wider than the screen (nothing scrolls sideways on a phone). */
async function assertFits(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${page.url()} is ${scrollWidth}px wide at ${width}px`);
}

describe("the boards in the browser", () => {
  let alice;
  let bob;
  let threadUrl;
  let opId;

  before(async () => {
    server = await startServer({
      env: { PASSWORD_SCRYPT_N: "1024" },
      // A long reply cooldown, so bob's second reply is refused whatever the machine's speed.
      settings: { channels: ["general"], login_failure_delay_seconds: 0, boards: { thread_cooldown_seconds: 0, reply_cooldown_seconds: 60 } },
    });
    browser = await launchBrowser();
    alice = await signUpInBrowser(browser, server, consoleErrors, "alice"); // the first account: an admin
    bob = await signUpInBrowser(browser, server, consoleErrors, "bob");
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("leads from the chat's sidebar to the boards, and filters them by letter", async () => {
    await alice.getByRole("navigation", { name: "Channels" }).getByRole("link", { name: "Boards" }).click();
    await alice.waitForURL(`${server.base}/boards/`);
    await alice.getByRole("heading", { name: "Boards" }).waitFor();
    assert.equal(await alice.getByRole("link", { name: /^\/tech\// }).count(), 1);
    await alice.getByRole("navigation", { name: "Boards by first letter" }).getByRole("link", { name: "G", exact: true }).click();
    await alice.getByRole("heading", { name: "Boards starting with G" }).waitFor();
    const shown = await alice.locator("main li a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(shown, ["/boards/gaming/", "/boards/gardening/"]);
  });

  it("starts a thread with an image, which opens with its thumbnail", async () => {
    await alice.goto("/boards/tech/");
    await bob.goto("/boards/tech/");
    await alice.getByText("Start a new thread").click();
    await alice.getByLabel("Title").fill("Show your desk setup");
    await alice.getByLabel("First post").fill("Mine is mostly sky.\n>no cables were harmed");
    // Over the limit: refused beside the form, in the server's words, before anything is sent.
    await alice.getByLabel("Image").setInputFiles({ name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(3 * 1024 * 1024) });
    await alice.getByRole("button", { name: "Create thread" }).click();
    await alice.getByRole("form", { name: "New thread" }).getByRole("alert").getByText("File is too large (max 2MB).").waitFor();
    await alice.getByLabel("Image").setInputFiles({ name: "desk.png", mimeType: "image/png", buffer: await landscape() });
    await alice.getByRole("button", { name: "Create thread" }).click();
    await alice.waitForURL(/\/boards\/tech\/\d+\/$/);
    threadUrl = new URL(alice.url()).pathname;
    await alice.getByTestId("thread-title").getByText("Show your desk setup").waitFor();
    opId = await lastPostId(alice);
    const image = article(alice, opId).getByRole("img", { name: `Image of post No.${opId}` });
    assert.match(await image.getAttribute("src"), /^\/boards\/media\//);
    await image.click();
    await article(alice, opId).getByRole("img", { name: /full size/ }).waitFor();
    const natural = await article(alice, opId).getByRole("img", { name: /full size/ }).evaluate((img) => img.complete && img.naturalWidth);
    assert.equal(natural, 960);
    await article(alice, opId).getByRole("img").click(); // back to the thumbnail
    await article(alice, opId).locator("blockquote").getByText(">no cables were harmed").waitFor();
  });

  it("tells a reader of the board that a thread was started", async () => {
    await bob.getByTestId("new-threads").getByText("1 new thread").waitFor({ timeout: 15_000 });
    await bob.getByTestId("new-threads").click();
    await bob.getByRole("link", { name: "Show your desk setup" }).click();
    await bob.waitForURL(`${server.base}${threadUrl}`);
  });

  it("shows each person's reply to the other live, with quote links and previews", async () => {
    await bob.getByLabel("Reply text").fill(`>>${opId} nice sky\nWhere is the keyboard?`);
    await bob.getByRole("button", { name: "Post reply" }).click();
    const bobsReply = alice.locator("article", { hasText: "Where is the keyboard?" });
    await bobsReply.waitFor({ timeout: 3000 }); // alice never reloads
    const bobsId = Number(await bobsReply.getAttribute("data-post-id"));
    await bobsReply.getByText("bob", { exact: true }).waitFor();

    await alice.getByLabel("Reply text").fill(`>>${bobsId} under the sky, of course`);
    await alice.getByRole("button", { name: "Post reply" }).click();
    const alicesReply = bob.locator("article", { hasText: "under the sky, of course" });
    await alicesReply.waitFor({ timeout: 3000 });

    await alicesReply.getByRole("link", { name: `>>${bobsId}` }).hover();
    await bob.getByRole("tooltip").getByText("Where is the keyboard?").waitFor();
    await screenshot(bob, "boards-quote-preview");
    await bob.mouse.move(0, 0);

    // The cooldown is shown beside the form, and nothing is posted.
    await bob.getByLabel("Reply text").fill("one more thing");
    await bob.getByRole("button", { name: "Post reply" }).click();
    await bob.getByRole("form", { name: "Reply" }).getByRole("alert").getByText(/wait \d+ seconds? before posting another reply/).waitFor();
    assert.equal(await alice.locator("article", { hasText: "one more thing" }).count(), 0);
  });

  it("lets an author edit their post, and shows the edit to the other reader", async () => {
    const mine = bob.locator("article", { hasText: "Where is the keyboard?" });
    await mine.getByText("Edit", { exact: true }).click();
    await mine.getByLabel("Post text").fill(`>>${opId} nice sky\nWhere is the keyboard? Found it.`);
    await mine.getByRole("button", { name: "Save" }).click();
    await mine.getByText("(edited)").waitFor();
    await alice.reload();
    await alice.locator("article", { hasText: "Found it." }).getByText("(edited)").waitFor();
  });

  it("lets a reader report a post, and the admin see and dismiss the report", async () => {
    const reported = bob.locator("article", { hasText: "under the sky, of course" });
    await reported.getByText("Report", { exact: true }).click();
    await reported.getByLabel("Reason").fill("off-topic sky talk");
    await reported.getByRole("button", { name: "Send report" }).click();
    await bob.getByRole("status").getByText(/was reported to the admins/).waitFor();

    await alice.getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Reports" }).click();
    await alice.waitForURL(`${server.base}/boards/reports/`);
    const report = alice.getByRole("list", { name: "Reports" }).getByRole("listitem").filter({ hasText: "off-topic sky talk" });
    await report.getByText("under the sky, of course").waitFor();
    await screenshot(alice, "boards-reports");
    await report.getByRole("button", { name: "Dismiss" }).click();
    await alice.getByText("No open reports.").waitFor();
    // Not for anyone else.
    assert.equal((await bob.context().request.get(`${server.base}/boards/reports/`)).status(), 404);
    await alice.goto(threadUrl);
  });

  it("lets the admin lock the thread: no more replies", async () => {
    const tools = alice.getByRole("region", { name: "Moderation" });
    await tools.getByRole("button", { name: "Lock thread" }).click();
    await alice.getByTestId("locked-badge").waitFor();
    await tools.getByRole("button", { name: "Unlock thread" }).waitFor();
    await bob.reload();
    await bob.getByText("This thread is locked: no new replies.").waitFor();
    assert.equal(await bob.getByRole("form", { name: "Reply" }).count(), 0);
    assert.equal(await bob.getByRole("region", { name: "Moderation" }).count(), 0);
    await bob.goto("/boards/tech/");
    await bob.locator(`li[data-thread-id]`, { hasText: "Show your desk setup" }).getByLabel("Locked").waitFor();
  });

  it("is readable without an account and without JavaScript", async () => {
    const context = await browser.newContext({ baseURL: server.base, javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(threadUrl);
    assert.equal(res.status(), 200);
    await page.getByText("Where is the keyboard? Found it.").waitFor();
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
    assert.equal(await page.getByRole("form", { name: "Reply" }).count(), 0);
    assert.equal((await page.goto("/boards/tech/999999/")).status(), 404);
    assert.equal((await page.goto(threadUrl.replace("/tech/", "/random/"))).status(), 404);
    assert.equal((await page.goto("/boards/no-such-board/")).status(), 404);
    await context.close();

    // Signed in, still without JavaScript: the plain form starts a thread and the redirect opens it.
    const signedIn = await browser.newContext({ baseURL: server.base, javaScriptEnabled: false, storageState: await alice.context().storageState() });
    const plain = await signedIn.newPage();
    await plain.goto("/boards/random/");
    await plain.getByText("Start a new thread").click();
    await plain.getByLabel("Title").fill("Posted without scripts");
    await plain.getByLabel("First post").fill("plain <b>HTML</b> forms work");
    await plain.getByRole("button", { name: "Create thread" }).click();
    await plain.waitForURL(/\/boards\/random\/\d+\/$/);
    await plain.locator("article").first().getByText("plain <b>HTML</b> forms work").first().waitFor();
    assert.equal(await plain.locator("article b").count(), 0); // text, never markup
    await signedIn.close();
  });

  it("captures the boards at 1280 and 375 px, light and dark, and fits a 360 px phone", async () => {
    const anonymous = await (await newContext(browser, server.base, consoleErrors)).newPage();
    for (const scheme of ["light", "dark"]) {
      await alice.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [[1280, 800], [375, 740]]) {
        await alice.setViewportSize({ width, height });
        for (const [name, path] of [["list", "/boards/"], ["board", "/boards/tech/"], ["thread", threadUrl]]) {
          await alice.goto(path);
          await alice.locator("main").waitFor();
          await screenshot(alice, `boards-${name}-${scheme}-${width}`);
          await assertFits(alice, width);
        }
      }
    }
    await alice.setViewportSize({ width: 360, height: 740 });
    for (const path of ["/boards/", "/boards/tech/", threadUrl]) {
      await alice.goto(path);
      await assertFits(alice, 360);
      await anonymous.setViewportSize({ width: 360, height: 740 });
      await anonymous.goto(path);
      await assertFits(anonymous, 360);
    }
    await screenshot(anonymous, "boards-thread-anonymous-360");
    await alice.emulateMedia({ colorScheme: null });
    // The refused reply above is the one failed request a reader should have seen (the browser logs it).
    assert.deepEqual(consoleErrors.filter((e) => !/status of 429/.test(e)), []);
  });
});
