import { authErrorText } from "@/app/(auth)/error-text";
import { POST as loginRoute } from "@/app/api/login/route";
import { POST as signupRoute } from "@/app/api/signup/route";
import { GET as channelsRoute } from "@/app/(chat)/channels/route";
import { POST as changePasswordRoute } from "@/app/change-password/route";
import { GET as logoutRoute, POST as logoutPost } from "@/app/logout/route";
import { createResetToken, lockoutMessage, resetNoticeText, resetPassword, resetTokenUser, welcomeText } from "@/lib/auth/accounts";
import { forgetAccount } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { translatorFor } from "@/lib/i18n/translate";
import { invalidateDirectory } from "@/lib/users";
import { call, cookieFor, newUser, PASSWORD } from "./helpers/http";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

const signupBody = (username: string, password = PASSWORD, confirm = password) => ({
  json: { username, password, confirm_password: confirm },
});

const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0];

afterEach(() => useSettings({}));

describe("signup", () => {
  it("creates the account, signs it in and answers with a working session", async () => {
    const res = await call(signupRoute, "/api/signup", signupBody("Alice"));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.username).toBe("Alice");
    expect(res.headers.get("set-cookie")).toMatch(/^next-auth\.session-token=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const channels = await call(channelsRoute, "/channels", { cookie: cookieOf(res) });
    expect(await channels.json()).toEqual(["general", "software", "off-topic"]);
    const bearer = await call(channelsRoute, "/channels", { headers: { authorization: `Bearer ${body.token}` } });
    expect(bearer.status).toBe(200);
  });

  it("answers a reference-style form post with 302 to / and the cookie", async () => {
    const res = await call(signupRoute, "/signup", { form: { username: "formuser", password: PASSWORD, confirm_password: PASSWORD } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("set-cookie")).toContain("next-auth.session-token=");
  });

  it.each([
    [signupBody("", PASSWORD), "Missing fields"],
    [signupBody("Everyone"), '"Everyone" is a protected username'],
    [signupBody("system"), '"system" is a protected username'],
    [signupBody("bad name"), "Username may only contain letters, numbers, hyphens, and underscores (1\u201332 characters)"],
    [signupBody("carol", "short1!A".slice(0, 7)), "Password must be at least 8 characters"],
    [signupBody("carol", "Passw0rd!", "Passw0rd?"), "Passwords do not match"],
  ])("refuses %j with the reference's message and creates nothing", async (body, message) => {
    const before = await db().user.count();
    const res = await call(signupRoute, "/api/signup", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: message });
    expect(await db().user.count()).toBe(before);
  });

  it("treats usernames case-insensitively: a second spelling is refused", async () => {
    await newUser("Dave");
    const res = await call(signupRoute, "/api/signup", signupBody("dAVE"));
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "User already exists" });
  });

  it("lets exactly one of two racing signups for the same name win", async () => {
    const [a, b] = await Promise.all([
      call(signupRoute, "/api/signup", signupBody("racer")),
      call(signupRoute, "/api/signup", signupBody("RACER")),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await db().user.count({ where: { usernameKey: "racer" } })).toBe(1);
  });

  it("answers malformed and mistyped bodies with 400 and writes nothing", async () => {
    const before = await db().user.count();
    const malformed = await call(signupRoute, "/api/signup", { rawJson: "{not json" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: "invalid JSON body" });
    const typed = await call(signupRoute, "/api/signup", { json: { username: ["x"], password: PASSWORD, confirm_password: PASSWORD } });
    expect(typed.status).toBe(400);
    expect(await typed.json()).toEqual({ error: "username must be a string" });
    const array = await call(signupRoute, "/api/signup", { json: [1, 2] });
    expect(array.status).toBe(400);
    const huge = await call(signupRoute, "/api/signup", { json: { username: "x".repeat(100_000), password: PASSWORD, confirm_password: PASSWORD } });
    expect(huge.status).toBe(413);
    expect(await db().user.count()).toBe(before);
  });

  it("posts the welcome message, already read, to every user and the archive", async () => {
    await newUser("wel1");
    await newUser("wel2");
    const text = welcomeText("wel2");
    expect(text).toBe("Welcome to MiniMost, wel2! \u{1F44B} Say hello \u{1F44B}");
    // The archive has it when the signup answers; users' copies follow in the background (a signup costs
    // what a send costs), so the copies are read once the fan-out has settled.
    const store = messageStore();
    const archived = async () => (await store.archiveNewest("general", 50)).find((r) => r.content === text);
    expect(await archived()).toBeDefined();
    await store.settled();
    const copies = async (user: string) => (await store.changesAfter(user, "general", 0)).filter((r) => r.content === text);
    for (const row of [...(await copies("wel1")), ...(await copies("wel2")), await archived()]) {
      expect(row).toMatchObject({ sender: "system", content_type: "system", channel: "general" });
    }
    expect(await copies("wel1")).toEqual([expect.objectContaining({ read: 1 })]);
    expect(await copies("wel2")).toEqual([expect.objectContaining({ read: 1 })]);
  });
});

describe("login", () => {
  beforeAll(async () => {
    await newUser("Erin");
  });

  const login = (username: string, password: string, address?: string) =>
    call(loginRoute, "/api/login", { json: { username, password }, headers: address ? { "x-forwarded-for": address } : {} });
  const errorOf = async (res: Promise<Response>) => (await (await res).json()).error;

  it("signs in case-insensitively under the canonical name", async () => {
    const res = await login("erin", PASSWORD);
    expect(res.status).toBe(200);
    expect((await res.json()).username).toBe("Erin");
  });

  it("answers a reference-style form post with 302 to /", async () => {
    const res = await call(loginRoute, "/login", { form: { username: "Erin", password: PASSWORD } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
  });

  it.each([
    ["Erin", "Wrong-pass1"],
    ["nobody", PASSWORD],
    ["Erin", "A1!" + "x".repeat(1022)],
    ["", ""],
  ])("refuses %j with Invalid credentials", async (username, password) => {
    const res = await login(username, password);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Invalid credentials" });
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("locks the account after max_login_attempts failures, and the lock expires", async () => {
    useSettings({ max_login_attempts: 3, lockout_duration_minutes: 15 });
    await newUser("Frank");
    expect((await (await login("Frank", "bad-Pass1")).json()).error).toBe("Invalid credentials");
    expect((await (await login("Frank", "bad-Pass1")).json()).error).toBe("Invalid credentials");
    // The attempt that trips the lock answers with the lock message itself.
    expect((await (await login("Frank", "bad-Pass1")).json()).error).toBe(
      "Account locked due to too many failed login attempts. Try again in 15 minutes.",
    );
    // While locked, even the right password is refused without being checked.
    const locked = await login("Frank", PASSWORD);
    expect(locked.status).toBe(401);
    expect((await locked.json()).error).toBe(lockoutMessage(15));
    // 30 seconds left reads "1 minute".
    await db().loginThrottle.updateMany({ where: { account: "frank" }, data: { lockoutUntil: Date.now() / 1000 + 30 } });
    expect((await (await login("Frank", PASSWORD)).json()).error).toBe(
      "Account locked due to too many failed login attempts. Try again in 1 minute.",
    );
    await db().loginThrottle.updateMany({ where: { account: "frank" }, data: { lockoutUntil: Date.now() / 1000 - 1 } });
    expect((await login("Frank", PASSWORD)).status).toBe(200);
    // A success forgives the failures: the count starts again from zero.
    expect(await errorOf(login("Frank", "bad-Pass1"))).toBe("Invalid credentials");
    expect(await errorOf(login("Frank", "bad-Pass1"))).toBe("Invalid credentials");
  });

  it("never locks when max_login_attempts is 0", async () => {
    useSettings({ max_login_attempts: 0 });
    await newUser("Gina");
    for (let i = 0; i < 6; i++) expect((await (await login("Gina", "bad-Pass1")).json()).error).toBe("Invalid credentials");
    expect((await login("Gina", PASSWORD)).status).toBe(200);
  });

  // Port decision 17: a stranger cannot lock the owner out, and the answers never tell whether a name exists.
  it("counts failures per account and address: the owner from another address still signs in", async () => {
    useSettings({ max_login_attempts: 3, lockout_duration_minutes: 15 });
    await newUser("Hugo");
    for (let i = 0; i < 3; i++) await login("Hugo", "bad-Pass1", "203.0.113.7");
    const locked = await login("Hugo", PASSWORD, "203.0.113.7");
    expect(locked.status).toBe(401);
    expect((await locked.json()).error).toBe(lockoutMessage(15));
    // The rightful owner, from an address with no failures, is not locked out.
    const owner = await login("hugo", PASSWORD, "198.51.100.20");
    expect(owner.status).toBe(200);
    expect((await owner.json()).username).toBe("Hugo");
    // The owner's success does not lift the stranger's lockout, nor does it count for another name.
    expect(await errorOf(login("Hugo", PASSWORD, "203.0.113.7"))).toBe(lockoutMessage(15));
    expect(await errorOf(login("Erin", "bad-Pass1", "203.0.113.7"))).toBe("Invalid credentials");
  });

  it("answers an unknown name exactly as a real one, lockout included", async () => {
    useSettings({ max_login_attempts: 2, lockout_duration_minutes: 10 });
    await newUser("Ines");
    const answers = async (name: string) => {
      const out: [number, string][] = [];
      for (const password of ["bad-Pass1", "bad-Pass1", PASSWORD.replace("!", "?")]) {
        const res = await login(name, password, "192.0.2.33");
        out.push([res.status, (await res.json()).error]);
      }
      return out;
    };
    const real = await answers("Ines");
    expect(real).toEqual([
      [401, "Invalid credentials"],
      [401, lockoutMessage(10)],
      [401, lockoutMessage(10)],
    ]);
    expect(await answers("nobody-here")).toEqual(real);
  });

  it("lifts every address's lockout when the password is reset", async () => {
    useSettings({ max_login_attempts: 2, lockout_duration_minutes: 15 });
    await newUser("Jose");
    for (const address of ["192.0.2.1", "192.0.2.2"]) for (let i = 0; i < 2; i++) await login("Jose", "bad-Pass1", address);
    expect(await errorOf(login("Jose", PASSWORD, "192.0.2.1"))).toBe(lockoutMessage(15));
    const { token } = await createResetToken("Jose");
    await resetPassword(token, { password: "R3set-password", confirm: "R3set-password" });
    for (const address of ["192.0.2.1", "192.0.2.2"]) expect((await login("Jose", "R3set-password", address)).status).toBe(200);
  });

  it("words a lockout in the sign-in page's language, with its minutes", () => {
    const fr = translatorFor("fr", "auth");
    expect(authErrorText(lockoutMessage(15), fr)).toBe("Compte verrouillé après trop de tentatives de connexion échouées. Réessayez dans 15\u00a0minutes.");
    expect(authErrorText(lockoutMessage(1), fr)).toBe("Compte verrouillé après trop de tentatives de connexion échouées. Réessayez dans 1\u00a0minute.");
    for (const minutes of [1, 15]) expect(authErrorText(lockoutMessage(minutes), translatorFor("en", "auth"))).toBe(lockoutMessage(minutes));
  });

  it("slows a failed login without holding up other requests", async () => {
    useSettings({ login_failure_delay_seconds: 0.4 });
    const cookie = await cookieFor("Erin");
    const started = Date.now();
    let otherDoneAt = 0;
    const failing = login("Erin", "bad-Pass1").then(() => Date.now());
    const other = call(channelsRoute, "/channels", { cookie }).then((res) => {
      otherDoneAt = Date.now();
      return res.status;
    });
    expect(await other).toBe(200);
    const failedAt = await failing;
    expect(failedAt - started).toBeGreaterThanOrEqual(400);
    expect(otherDoneAt).toBeLessThan(failedAt);
  });
});

describe("sessions end", () => {
  it("on a password change: the old cookie is refused, the new one works", async () => {
    const old = await newUser("Hana");
    const res = await call(changePasswordRoute, "/change-password", {
      cookie: old,
      form: { current_password: PASSWORD, new_password: "N3w-password", confirm_password: "N3w-password" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const fresh = cookieOf(res);
    expect((await call(channelsRoute, "/channels", { cookie: old })).status).toBe(401);
    expect((await call(channelsRoute, "/channels", { cookie: fresh })).status).toBe(200);
    expect((await call(loginRoute, "/api/login", { json: { username: "Hana", password: "N3w-password" } })).status).toBe(200);
  });

  it("refuses a password change with a wrong current password or a weak new one", async () => {
    const cookie = await newUser("Ivan");
    const wrong = await call(changePasswordRoute, "/change-password", {
      cookie,
      form: { current_password: "nope-Nope1", new_password: "N3w-password", confirm_password: "N3w-password" },
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: "Current password is incorrect" });
    const weak = await call(changePasswordRoute, "/change-password", {
      cookie,
      form: { current_password: PASSWORD, new_password: "weakpassword", confirm_password: "weakpassword" },
    });
    expect(weak.status).toBe(400);
    expect(await weak.json()).toEqual({ error: "Password must contain at least one number" });
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(200);
  });

  it("on logout, which redirects to /login and clears the cookie", async () => {
    const cookie = await newUser("Jill");
    const res = await call(logoutRoute, "/logout", { cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    expect(res.headers.get("set-cookie")).toContain("next-auth.session-token=;");
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(401);
    const presence = await db().presence.findUnique({ where: { username: "Jill" } });
    expect(presence).toMatchObject({ state: "offline", override: null });
  });

  // Port decision 16: a logout ends that session only; signing out everywhere ends them all.
  it("on logout, for that session only: the account's other sessions go on", async () => {
    await newUser("Jade");
    const laptop = await cookieFor("Jade");
    const phone = await cookieFor("Jade");
    const script = (await (await call(loginRoute, "/api/login", { json: { username: "Jade", password: PASSWORD } })).json()).token;
    expect((await call(logoutRoute, "/logout", { cookie: laptop, headers: { "sec-fetch-site": "same-origin" } })).status).toBe(302);
    expect((await call(channelsRoute, "/channels", { cookie: laptop })).status).toBe(401);
    expect((await call(channelsRoute, "/channels", { cookie: phone })).status).toBe(200);
    // A Bearer client signs its own token out the same way.
    const bearer = { authorization: `Bearer ${script}` };
    expect((await call(channelsRoute, "/channels", { headers: bearer })).status).toBe(200);
    expect((await call(logoutPost, "/logout", { method: "POST", headers: bearer })).status).toBe(302);
    expect((await call(channelsRoute, "/channels", { headers: bearer })).status).toBe(401);
    expect((await call(channelsRoute, "/channels", { cookie: phone })).status).toBe(200);
  });

  it("everywhere with POST /logout everywhere=1", async () => {
    await newUser("Jon");
    const [one, two] = [await cookieFor("Jon"), await cookieFor("Jon")];
    const res = await call(logoutPost, "/logout", { cookie: one, form: { everywhere: "1" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login");
    for (const cookie of [one, two]) expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(401);
    const again = await call(loginRoute, "/api/login", { json: { username: "Jon", password: PASSWORD } });
    expect(again.status).toBe(200);
  });

  it("never from another site: a cross-site GET /logout only shows a confirm button, a cross-site POST is refused", async () => {
    const cookie = await newUser("Joy");
    const link = await call(logoutRoute, "/logout", { cookie, headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" } });
    expect(link.status).toBe(200);
    expect(link.headers.get("content-type")).toContain("text/html");
    expect(link.headers.get("set-cookie")).toBeNull();
    const page = await link.text();
    expect(page).toContain('<form method="post" action="/logout">');
    expect(page).toContain("<button");
    expect(link.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(200);
    const post = await call(logoutPost, "/logout", { cookie, headers: { "sec-fetch-site": "cross-site", origin: "http://evil.example" }, form: { everywhere: "1" } });
    expect(post.status).toBe(403);
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(200);
    const presence = await db().presence.findUnique({ where: { username: "Joy" } });
    expect(presence?.state).toBe("active");
  });

  it("asks in the reader's language: French from the browser's Accept-Language, or from the account's setting", async () => {
    const cookie = await newUser("Zoe");
    const link = await call(logoutRoute, "/logout", { cookie, headers: { "sec-fetch-site": "cross-site", "accept-language": "fr-FR,fr;q=0.9" } });
    const page = await link.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain("<h1 style=\"font-size: 1.25rem\">Se déconnecter de MiniMost\u00a0?</h1>");
    expect(page).toContain('<button type="submit" name="everywhere" value="1">Se déconnecter partout</button>');
    await db().userSettings.upsert({ where: { username: "Zoe" }, create: { username: "Zoe", language: "en" }, update: { language: "en" } });
    const english = await (await call(logoutRoute, "/logout", { cookie, headers: { "sec-fetch-site": "cross-site", "accept-language": "fr" } })).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain("<button type=\"submit\">Sign out</button>");
  });

  it("when the account is gone, even if the name is registered again", async () => {
    const cookie = await newUser("Kim");
    // What account deletion does to the shared state.
    await db().user.delete({ where: { username: "Kim" } });
    forgetAccount("Kim");
    invalidateDirectory();
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(401);
    await newUser("Kim");
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(401);
  });

  it("on a password reset through the admin's link", async () => {
    const cookie = await newUser("Lena");
    const { username, token } = await createResetToken("lena", 60);
    expect(username).toBe("Lena");
    expect(await resetTokenUser(token)).toBe("Lena");
    const notice = await messageStore().changesAfter("Lena", "dm:Lena:system", 0);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ sender: "system", content_type: "system", read: 0, content: resetNoticeText(60) });
    await expect(resetPassword(token, { password: "weak", confirm: "weak" })).rejects.toThrow("Password must be at least 8 characters");
    await resetPassword(token, { password: "R3set-password", confirm: "R3set-password" });
    expect((await call(channelsRoute, "/channels", { cookie })).status).toBe(401);
    expect((await call(loginRoute, "/api/login", { json: { username: "Lena", password: "R3set-password" } })).status).toBe(200);
    // Single use.
    expect(await resetTokenUser(token)).toBeNull();
    await expect(resetPassword(token, { password: "Other-pass1", confirm: "Other-pass1" })).rejects.toThrow("invalid-token");
  });

  it("refuses expired, unknown and oversized reset tokens, and unknown users", async () => {
    await newUser("Mona");
    const { token } = await createResetToken("Mona", 1);
    await db().passwordResetToken.updateMany({ where: { username: "Mona" }, data: { expiresAt: Date.now() / 1000 - 1 } });
    expect(await resetTokenUser(token)).toBeNull();
    expect(await resetTokenUser("nope")).toBeNull();
    expect(await resetTokenUser("x".repeat(10_000))).toBeNull();
    await expect(createResetToken("nobody")).rejects.toThrow("user 'nobody' does not exist");
    expect(resetNoticeText(1)).toContain("will expire in 1 minute.");
  });
});
