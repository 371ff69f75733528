// How fast a long channel shows up: the first screen of a channel with 10,000 messages, opened
// from the sidebar, cold and then from the client's cache. Measured in the browser and written to
// bench/RESULTS.md; never asserted (speed lives in the benchmarks, not in pass/fail).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { after, before, it } from "node:test";
import { writeSection } from "../bench/results-file.mjs";
import { launchBrowser, logInInBrowser, newContext, root, screenshot, startServer } from "./harness.mjs";

const COUNT = 10_000;
const PASSWORD = "Passw0rd!";
const settings = { channels: ["general", "history"], login_failure_delay_seconds: 0 };
let server;
let browser;
const consoleErrors = [];

before(async () => {
  const env = { PASSWORD_SCRYPT_N: "1024" };
  const first = await startServer({ env, settings });
  const res = await fetch(`${first.base}/api/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "reader", password: PASSWORD, confirm_password: PASSWORD }),
  });
  assert.equal(res.status, 200);
  await first.stop({ keepDir: true });
  // Ten thousand messages in one channel of the reader's file, written with the server stopped.
  const fill = spawnSync(
    process.execPath,
    ["--import", "tsx", "bench/fill.ts", path.join(first.dataDir, "users", "reader.db"), String(COUNT), "10000000", "history"],
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(fill.status, 0, fill.stderr);
  server = await startServer({ env, settings, dir: first.dir });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Milliseconds from a click on the sidebar entry to the channel's last messages being on screen. */
async function openAndTime(page, label) {
  await page.evaluate(() => {
    window.__opened = 0;
    window.__shown = 0;
    document.addEventListener("click", () => (window.__opened = performance.now()), { capture: true, once: true });
    const done = () => {
      const articles = document.querySelectorAll("[data-testid='message-list'] article");
      if (window.__opened && articles.length >= 50) {
        window.__shown = performance.now();
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => done() && observer.disconnect());
    observer.observe(document.body, { childList: true, subtree: true });
  });
  await page.getByRole("navigation", { name: "Channels" }).getByRole("button", { name: label }).click();
  await page.waitForFunction(() => window.__shown > 0, null, { timeout: 30_000 });
  return page.evaluate(() => window.__shown - window.__opened);
}

it(`shows the first screen of a ${COUNT.toLocaleString("en")}-message channel`, async () => {
  const page = await (await newContext(browser, server.base, consoleErrors)).newPage();
  await logInInBrowser(page, server.base, "reader", PASSWORD);
  await page.getByTestId("channel-title").getByText("# general").waitFor();

  // Opening the app: from the start of navigation to the sidebar and the open channel's messages
  // on screen, and how many API requests the page made before that. Median of three reloads, after
  // one to warm up.
  await page.addInitScript(() => {
    window.__firstScreen = 0;
    const check = () => {
      if (window.__firstScreen) return;
      const list = document.querySelector("[data-testid='message-list']");
      const sidebar = document.querySelector("nav[aria-label='Channels']");
      if (list?.querySelector("article, [data-testid='system-message']") && sidebar?.textContent?.includes("# history")) {
        window.__firstScreen = performance.now();
        window.__requestsBefore = performance.getEntriesByType("resource").filter((r) => r.initiatorType === "fetch" || r.initiatorType === "xmlhttprequest").length;
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  });
  const opens = [];
  for (let i = 0; i < 4; i++) {
    await page.reload();
    await page.waitForFunction(() => window.__firstScreen > 0, null, { timeout: 30_000 });
    if (i === 0) continue; // the server's first renders of the page warm it up
    opens.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return { ms: window.__firstScreen, requests: window.__requestsBefore, html: nav.responseEnd, ready: nav.domContentLoadedEventEnd };
      }),
    );
  }
  opens.sort((a, b) => a.ms - b.ms);
  const open = opens[1];
  // Let the page's start-up requests settle, as they have by the time a person picks a channel.
  await page.waitForTimeout(2000);

  const cold = await openAndTime(page, "# history");
  const fetched = await page.evaluate(() => {
    const entry = performance.getEntriesByType("resource").find((e) => e.name.includes("/messages/history"));
    return entry ? entry.responseEnd - window.__opened : null;
  });
  const rendered = await page.locator("[data-testid='message-list'] article").count();
  await page.getByRole("navigation", { name: "Channels" }).getByRole("button", { name: "# general" }).click();
  await page.getByTestId("channel-title").getByText("# general").waitFor();
  const cached = await openAndTime(page, "# history");
  await screenshot(page, "history-10k");
  assert.ok(rendered > 0 && rendered < COUNT, `only a window of the history is rendered (${rendered})`);
  assert.deepEqual(consoleErrors, [], "nothing in the browser console");

  const section = [
    "## First screen of a 10,000-message channel (browser suite)",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} by e2e/render.test.mjs on ${os.cpus().length} cores in headless Chromium: from the click on the sidebar entry to the newest messages on screen.`,
    "",
    "| case | on screen after | of which the first page's fetch | rows rendered |",
    "|---|---|---|---|",
    `| first open (newest 200 of ${COUNT.toLocaleString("en")} fetched, newest window rendered) | ${Math.round(cold)} ms | ${fetched === null ? "—" : `${Math.round(fetched)} ms`} | ${rendered} |`,
    `| opened again (from the client's cache) | ${Math.round(cached)} ms | — | ${rendered} |`,
    "",
    `Opening the app (a reload of /, median of three): sidebar and the open channel's messages on screen ${Math.round(open.ms)} ms after navigation started (the page's HTML complete at ${Math.round(open.html)} ms, its scripts run by ${Math.round(open.ready)} ms), after ${open.requests} API requests.`,
    "",
  ].join("\n");
  writeSection("## First screen of a 10,000-message channel", section);
  console.log(`[render] app open ${Math.round(open.ms)} ms after ${open.requests} requests (html ${Math.round(open.html)} ms, scripts ${Math.round(open.ready)} ms)`);
  console.log(`[render] first open ${Math.round(cold)} ms (page fetched after ${Math.round(fetched ?? 0)} ms), from cache ${Math.round(cached)} ms, ${rendered} rows rendered`);
});
