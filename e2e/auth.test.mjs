// The sign-in journey in a real browser against the production server.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchBrowser, newContext, screenshot, startServer } from "./harness.mjs";

const PASSWORD = "Passw0rd!";
let server;
let browser;
const consoleErrors = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signUp(context, username) {
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  const submit = page.getByRole("button", { name: "Sign up" });
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  assert.equal(await submit.isDisabled(), true, "the button waits for the confirmation");
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByText("Passwords match", { exact: true }).waitFor();
  await submit.click();
  await page.waitForURL(`${server.base}/`);
  await page.getByTestId("current-user").getByText(username).waitFor();
  return page;
}

describe("accounts in the browser", () => {
  it("two users sign up in two browsers, log out, log in, and see a login error", async () => {
    const aliceContext = await newContext(browser, server.base, consoleErrors);
    const bobContext = await newContext(browser, server.base, consoleErrors);
    const alice = await signUp(aliceContext, "alice");
    const bob = await signUp(bobContext, "bob");
    await screenshot(alice, "home-alice-1280");

    // Bob's session is his own: Alice's page still says alice after a reload.
    await alice.reload();
    await alice.getByTestId("current-user").getByText("alice").waitFor();

    await bob.getByRole("button", { name: "Sign out" }).click();
    await bob.waitForURL(`${server.base}/login`);
    await bob.goto("/");
    await bob.waitForURL(`${server.base}/login`);

    await bob.getByLabel("Username").fill("bob");
    await bob.getByLabel("Password", { exact: true }).fill("Wrong-passw0rd");
    await bob.getByRole("button", { name: "Log in" }).click();
    await bob.getByRole("alert").getByText("Invalid credentials").waitFor({ timeout: 15_000 });
    assert.equal(await bob.getByLabel("Username").inputValue(), "bob", "the username is kept after an error");
    await screenshot(bob, "login-error");

    await bob.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await bob.getByRole("button", { name: "Log in" }).click();
    await bob.waitForURL(`${server.base}/`);
    await bob.getByTestId("current-user").getByText("bob").waitFor();

    await bob.setViewportSize({ width: 375, height: 740 });
    await screenshot(bob, "home-bob-375");
  });

  it("shows the signup rules live and refuses a taken name", async () => {
    const context = await newContext(browser, server.base, consoleErrors);
    const page = await context.newPage();
    await page.goto("/signup");
    await page.getByLabel("Password", { exact: true }).fill("abc");
    const rules = page.getByRole("list", { name: "Password rules" });
    await rules.getByText("8+ characters").waitFor();
    assert.match(await rules.textContent(), /8\+ characters \(not met\)/);
    await page.getByLabel("Username").fill("ALICE");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Confirm password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("alert").getByText("User already exists").waitFor();
    await screenshot(page, "signup-taken");
  });

  it("redirects pages to /login and answers the API 401 without a session", async () => {
    const page = await fetch(`${server.base}/`, { redirect: "manual" });
    assert.ok([302, 303, 307].includes(page.status), `status ${page.status}`);
    assert.equal(new URL(page.headers.get("location"), server.base).pathname, "/login");
    const api = await fetch(`${server.base}/channels`);
    assert.equal(api.status, 401);
    assert.deepEqual(await api.json(), { error: "unauthorized" });
  });

  it("serves pages with the security headers", async () => {
    const res = await fetch(`${server.base}/login`);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.match(res.headers.get("content-security-policy"), /frame-ancestors 'none'/);
  });

  it("accepts reference-style form posts to /login and /signup", async () => {
    const form = (fields) => ({
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
    const signup = await fetch(`${server.base}/signup`, form({ username: "scripted", password: PASSWORD, confirm_password: PASSWORD }));
    assert.equal(signup.status, 302);
    assert.equal(signup.headers.get("location"), "/");
    const login = await fetch(`${server.base}/login`, form({ username: "scripted", password: PASSWORD }));
    assert.equal(login.status, 302);
    const cookie = login.headers.get("set-cookie").split(";")[0];
    const users = await fetch(`${server.base}/users`, { headers: { cookie } });
    assert.deepEqual(await users.json(), ["alice", "bob"]);
  });

  it("signs in through next-auth's credentials flow with the same sessions", async () => {
    const csrf = await fetch(`${server.base}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const signIn = (password) =>
      fetch(`${server.base}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
        body: new URLSearchParams({ csrfToken, username: "alice", password, json: "true" }),
      });
    const refused = await signIn("Wrong-passw0rd");
    assert.ok(!refused.headers.getSetCookie().some((c) => c.startsWith("next-auth.session-token=")), "no session for a wrong password");
    const accepted = await signIn(PASSWORD);
    const session = accepted.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
    assert.ok(session, `a session cookie (status ${accepted.status})`);
    const users = await fetch(`${server.base}/users`, { headers: { cookie: session.split(";")[0] } });
    assert.equal(users.status, 200);
    assert.ok((await users.json()).includes("bob"));
  });

  it("takes a permalink opened signed out through the sign-in to its message", async () => {
    const context = await newContext(browser, server.base, consoleErrors);
    const page = await signUp(context, "carol");
    const sent = await page.evaluate(async () => {
      const res = await fetch("/send/software", { method: "POST", headers: { accept: "application/json" }, body: new URLSearchParams({ text: "the permalink's message" }) });
      return { status: res.status, body: await res.json() };
    });
    assert.equal(sent.status, 201);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.base}/login`);

    await page.goto(`/m/${sent.body.id}`);
    await page.waitForURL(`${server.base}/login?next=${encodeURIComponent(`/m/${sent.body.id}`)}`);
    await page.getByLabel("Username").fill("carol");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    // Not the first channel: the message's own, with the message on screen.
    await page.getByTestId("channel-title").getByText("software").waitFor({ timeout: 15_000 });
    await page.locator("article", { hasText: "the permalink's message" }).waitFor();
    await context.close();
  });

  it("logged nothing to the browser console", () => {
    assert.deepEqual(consoleErrors, []);
  });
});

// Port decisions 16 and 17 where only the real server shows them: next-auth's own routes, and the
// address Next.js hands the app.
describe("sessions and lockout on the real server", () => {
  const jsonPost = (route, body, headers = {}) =>
    fetch(`${server.base}${route}`, { method: "POST", redirect: "manual", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const cookieOf = (res) => res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token=")).split(";")[0];
  const sessionOf = async (cookie) => (await fetch(`${server.base}/api/auth/session`, { headers: { cookie } })).json();
  const usersStatus = async (cookie) => (await fetch(`${server.base}/users`, { headers: { cookie } })).status;

  before(async () => {
    for (const username of ["sid", "nan", "locked-out"]) {
      const res = await jsonPost("/api/signup", { username, password: PASSWORD, confirm_password: PASSWORD });
      assert.equal(res.status, 200);
    }
  });

  it("next-auth's sign-out ends its session on the server, and only that one", async () => {
    const csrf = await fetch(`${server.base}/api/auth/csrf`);
    const { csrfToken } = await csrf.json();
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const form = (fields, cookie) => ({
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      body: new URLSearchParams({ csrfToken, json: "true", ...fields }),
    });
    const signedIn = await fetch(`${server.base}/api/auth/callback/credentials`, form({ username: "sid", password: PASSWORD }, csrfCookie));
    const session = cookieOf(signedIn);
    const other = cookieOf(await jsonPost("/api/login", { username: "sid", password: PASSWORD }));
    assert.equal(await usersStatus(session), 200);
    assert.equal((await sessionOf(session)).user?.name, "sid");

    const out = await fetch(`${server.base}/api/auth/signout`, form({}, `${csrfCookie}; ${session}`));
    assert.ok(out.status < 400, `sign-out answered ${out.status}`);
    // The cookie, replayed after sign-out, opens nothing.
    assert.equal(await usersStatus(session), 401);
    assert.deepEqual(await sessionOf(session), {});
    assert.equal(await usersStatus(other), 200, "another session of the account goes on");
  });

  it("/api/auth/session reports a session ended by /logout as signed out", async () => {
    const cookie = cookieOf(await jsonPost("/api/login", { username: "nan", password: PASSWORD }));
    assert.equal((await sessionOf(cookie)).user?.name, "nan");
    const out = await fetch(`${server.base}/logout`, { redirect: "manual", headers: { cookie, "sec-fetch-site": "same-origin" } });
    assert.equal(out.status, 302);
    assert.deepEqual(await sessionOf(cookie), {});
    assert.equal(await usersStatus(cookie), 401);
  });

  it("a cross-site GET /logout ends nothing", async () => {
    const cookie = cookieOf(await jsonPost("/api/login", { username: "nan", password: PASSWORD }));
    const link = await fetch(`${server.base}/logout`, { redirect: "manual", headers: { cookie, "sec-fetch-site": "cross-site" } });
    assert.equal(link.status, 200);
    assert.match(await link.text(), /<form method="post" action="\/logout">/);
    assert.equal((await sessionOf(cookie)).user?.name, "nan");
    assert.equal(await usersStatus(cookie), 200);
  });

  it("counts failures by the socket's address, whatever X-Forwarded-For says", async () => {
    // Ten guesses, each claiming another address, all come from this one socket address.
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        jsonPost("/api/login", { username: "locked-out", password: "Wrong-passw0rd" }, { "x-forwarded-for": `198.51.100.${i + 1}` }).then((r) => r.json()),
      ),
    );
    assert.equal(guesses.filter((g) => g.error === "Invalid credentials").length, 4);
    const right = await jsonPost("/api/login", { username: "locked-out", password: PASSWORD }, { "x-forwarded-for": "192.0.2.200" });
    assert.equal(right.status, 401);
    assert.match((await right.json()).error, /^Account locked due to too many failed login attempts/);
  });
});
