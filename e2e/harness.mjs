// Shared by the browser suite: a production server on a free port with a temp data folder, and
// Debian's Chromium driven by playwright-core. Nothing is downloaded.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const artifacts = path.join(root, "e2e", "artifacts");

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error("Debian's chromium is not installed: apt-get install chromium (or set CHROMIUM_PATH)");
  return found;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForServer(base, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/login`, { redirect: "manual" });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer on ${base} within ${timeoutMs} ms`);
}

/** Detached server process groups still alive; killed if the test process exits without stopping them. */
const liveGroups = new Set();
process.on("exit", () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

const exited = (child) => child.exitCode !== null || child.signalCode !== null;

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The suites sign up many users and make many fast requests from one address: rate limits are off
 * unless a test's settings name them (a test of the limits themselves).
 */
const withoutRateLimits = (settings) => ("rate_limits" in settings ? settings : { ...settings, rate_limits: { enabled: false } });

/**
 * Starts `npm start`'s script on a free port with its own data folder.
 *
 * Options (all optional; the defaults are the original behaviour):
 * - `settings`: written to a settings file the server reads.
 * - `env`: extra environment variables for the server (on top of process.env).
 * - `dir`: reuse this folder (from an earlier start's `server.dir`) instead of a new temp folder, so a
 *   restarted server finds the same data.
 * - `detached`: run the server in its own process group, so `kill()` can take down `next start` (a
 *   child of scripts/start.mjs) with it.
 *
 * The returned `stop({ keepDir })` ends the server gracefully and removes the folder unless keepDir;
 * `kill()` SIGKILLs the whole process group (detached only) and keeps the folder.
 */
export async function startServer({ settings, env: extraEnv, dir: reuseDir, detached = false } = {}) {
  const dir = reuseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "minimost-e2e-"));
  const port = await freePort();
  const env = {
    ...process.env,
    ...extraEnv,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: path.join(dir, "data"),
    UPLOAD_DIR: path.join(dir, "uploads"),
    NODE_ENV: "production",
  };
  if (settings) {
    env.SETTINGS_FILE = path.join(dir, "settings.json");
    fs.writeFileSync(env.SETTINGS_FILE, JSON.stringify(withoutRateLimits(settings)));
  } else if (reuseDir && fs.existsSync(path.join(dir, "settings.json"))) {
    env.SETTINGS_FILE = path.join(dir, "settings.json");
  } else {
    // The settings the server would have read, with rate limits off (below).
    const source = process.env.SETTINGS_FILE || path.join(root, "settings.json");
    const shipped = fs.existsSync(source) ? JSON.parse(fs.readFileSync(source, "utf8")) : {};
    env.SETTINGS_FILE = path.join(dir, "settings.json");
    fs.writeFileSync(env.SETTINGS_FILE, JSON.stringify({ ...shipped, rate_limits: { enabled: false } }));
  }
  const log = fs.createWriteStream(path.join(dir, "server.log"), { flags: reuseDir ? "a" : "w" });
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached,
  });
  if (detached) liveGroups.add(child.pid);
  // Both streams feed one log, which is ended once the child's output is closed (or 2 s after the
  // call, if a stray grandchild keeps the pipes open).
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  log.on("error", () => {}); // a late write after closeLog() must not crash the test run
  let outputClosed = false;
  child.once("close", () => (outputClosed = true));
  const closeLog = () =>
    new Promise((resolve) => {
      const finish = () => (log.writableEnded ? resolve() : log.end(resolve));
      if (outputClosed) return finish();
      const timer = setTimeout(finish, 2000);
      child.once("close", () => {
        clearTimeout(timer);
        finish();
      });
    });
  const base = `http://127.0.0.1:${port}`;
  const exit = new Promise((r) => (exited(child) ? r() : child.once("exit", () => r())));

  async function killGroup() {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is already gone
    }
    await exit;
    // `next start` is reparented once start.mjs dies; wait until nothing of the group is left.
    const deadline = Date.now() + 10_000;
    while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    liveGroups.delete(child.pid);
  }

  try {
    await waitForServer(base, child, 300_000);
  } catch (err) {
    if (detached) await killGroup();
    else {
      child.kill("SIGKILL");
      await exit;
    }
    await closeLog();
    const tail = fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-4000);
    if (!reuseDir) fs.rmSync(dir, { recursive: true, force: true }); // a folder the caller never got
    throw new Error(`${err.message}\n${tail}`);
  }
  return {
    base,
    dir,
    dataDir: env.DATA_DIR,
    pid: child.pid,
    async stop({ keepDir = false } = {}) {
      if (!exited(child)) child.kill("SIGTERM");
      await exit;
      if (detached) {
        const deadline = Date.now() + 10_000;
        while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        if (groupAlive(child.pid)) await killGroup();
        liveGroups.delete(child.pid);
      }
      await closeLog();
      if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
    },
    /** SIGKILL for the whole process group, as a power cut would; the folder is kept. */
    async kill() {
      if (!detached) throw new Error("kill() needs startServer({ detached: true })");
      await killGroup();
      await closeLog();
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** A new browser context whose console errors and page errors are collected for the final check. */
export async function newContext(browser, base, errors) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 } });
  context.on("page", (page) => watchPage(page, errors));
  return context;
}

export function watchPage(page, errors) {
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message}`));
  // A console "Failed to load resource" names only the page: the failing answers are printed with their own
  // URL, so a failure of the console check says which request it was.
  page.on("response", (res) => {
    if (res.status() >= 400) console.error(`[browser] ${page.url()} got ${res.status()} for ${res.request().method()} ${res.url()} (${res.request().resourceType()})`);
  });
}

export async function screenshot(page, name) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Signs a new user up through the signup page in a fresh context; resolves on the chat page. */
export async function signUpInBrowser(browser, server, errors, username, password = "Passw0rd!") {
  const context = await newContext(browser, server.base, errors);
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL(`${server.base}/`);
  return page;
}

/** Logs an existing user in on `page` (its context's base URL is the server's); resolves on the chat page. */
export async function logInInBrowser(page, base, username, password = "Passw0rd!") {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${base}/`);
}

/** The message box of the open channel. */
export const composer = (page) => page.getByRole("textbox", { name: /^Message / });

/** Types `text` into the open channel's message box and sends it with Enter. */
export async function say(page, text) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
}

/**
 * The two-person chat suites' set-up: registers before/after hooks that start a server (channels
 * #general and #software) and a browser, and collects every page's console errors. `signUp` opens
 * a new context for a new user and resolves once their chat shows #general.
 */
export function chatSuite() {
  const suite = { server: null, browser: null, consoleErrors: [] };
  before(async () => {
    suite.server = await startServer({ env: { PASSWORD_SCRYPT_N: "1024" }, settings: { channels: ["general", "software"], login_failure_delay_seconds: 0 } });
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  suite.signUp = async (username, password = "Passw0rd!") => {
    const page = await signUpInBrowser(suite.browser, suite.server, suite.consoleErrors, username, password);
    await page.getByTestId("channel-title").getByText("# general").waitFor();
    return page;
  };
  return suite;
}

/**
 * One API call to `server`, with a bearer token when given; `body` is sent as it is when it is a form
 * (URLSearchParams, FormData), as JSON otherwise.
 */
export async function apiCall(server, token, method, route, body) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let payload;
  if (body instanceof URLSearchParams || body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  return fetch(`${server.base}${route}`, { method, headers, body: payload });
}

/** Signs `username` up through `POST /api/signup`; answers the session token. */
export async function signUpApi(server, username, password = "Passw0rd!") {
  const res = await apiCall(server, null, "POST", "/api/signup", { username, password, confirm_password: password });
  assert.equal(res.status, 200, `signup of ${username}: ${await res.clone().text()}`);
  const body = await res.json();
  assert.equal(body.username, username);
  assert.ok(body.token, "signup answers a token");
  return body.token;
}

/**
 * `sends` concurrent sends to `server`, taking turns over the channels of `recipientsOf` (channel → its
 * members), each member sending in turn a text of `text(i, sender, channel)`; `server` (started detached)
 * is SIGKILLed as soon as `killAfter` sends are acknowledged. Answers the acknowledged sends (with the
 * id each was given) and the refused ones; a send cut off by the kill is neither.
 */
export async function sendBurstAndKill(server, tokens, recipientsOf, { sends, killAfter, text }) {
  const channels = Object.keys(recipientsOf);
  const jobs = Array.from({ length: sends }, (_, i) => {
    const channel = channels[i % channels.length];
    const senders = recipientsOf[channel];
    const sender = senders[Math.floor(i / channels.length) % senders.length];
    return { i, channel, sender, text: text(i, sender, channel) };
  });
  const acknowledged = [];
  const failures = [];
  let killing = null;
  await Promise.all(
    jobs.map(async (job) => {
      try {
        const res = await apiCall(server, tokens[job.sender], "POST", `/send/${job.channel}`, new URLSearchParams({ text: job.text }));
        const body = await res.text();
        if (res.status === 200 && body === "ok" && res.headers.get("X-Message-Id")) {
          acknowledged.push({ ...job, id: Number(res.headers.get("X-Message-Id")) });
          if (acknowledged.length >= killAfter && !killing) killing = server.kill();
        } else failures.push(`${job.i}: ${res.status} ${body}`);
      } catch {
        // cut off by the kill: neither acknowledged nor refused
      }
    }),
  );
  await (killing ?? server.kill());
  return { acknowledged, failures };
}
