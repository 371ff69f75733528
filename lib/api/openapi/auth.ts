/**
 * Signing up, in and out: the JSON API (`/api/login`, `/api/signup`), the original's form posts at the
 * pages' own paths (`/login`, `/signup`: the proxy hands them to the same handlers), next-auth's routes
 * under /api/auth, and the session-ending routes (listed last, since they end the caller's session).
 * The routes read these fields with `readStringFields` (no zod schema of their own): described here.
 */
import { z } from "zod";
import { MESSAGES } from "@/lib/auth/rules";
import { emptyAnswer, eitherError, formBody, jsonAnswer, jsonError, operation, pathParams, textAnswer, textField, type Operation } from "./common";
import { EXAMPLES as EX } from "./examples";

const TAG = "Sign-in";

const credentials = z.object({ username: textField("Your username (any case)."), password: textField("Your password.") });
const newAccount = z.object({
  username: textField("1–32 letters, digits, `-` or `_`; not a reserved name."),
  password: textField("8–1024 characters with a digit, an upper-case letter and a special character."),
  confirm_password: textField("The same password again."),
});
const signedIn = z.object({ username: z.string(), token: z.string().meta({ description: "The session token: send it as `Authorization: Bearer <token>`." }) });
const setCookie = z.object({ "Set-Cookie": z.string().meta({ description: "The session cookie." }) });
const redirectHome = z.object({ Location: z.string().meta({ example: "/" }), "Set-Cookie": z.string() });

const LOGIN_REFUSED = jsonError(`Wrong name or password: \`{"error": "${MESSAGES.invalidCredentials}"}\` (the answer never says whether the account exists).`);
const SIGNUP_REFUSED = jsonError("A rule broken (the original's messages), or the name is taken.");

export const authOperations: Operation[] = [
  operation("post", "/api/signup", "optional", {
    operationId: "signupJson",
    summary: "Create an account (JSON)",
    tags: [TAG],
    requestBody: {
      required: true,
      content: { "application/json": { schema: newAccount, example: { username: EX.newUser, password: EX.password, confirm_password: EX.password } } },
    },
    responses: { "200": jsonAnswer("Signed in as the new account.", signedIn, setCookie), "400": SIGNUP_REFUSED, "409": SIGNUP_REFUSED },
  }),
  operation("post", "/signup", "optional", {
    operationId: "signupForm",
    summary: "Create an account (the original's form post)",
    tags: [TAG],
    requestBody: formBody(newAccount, { username: EX.newFormUser, password: EX.password, confirm_password: EX.password }),
    responses: { "302": emptyAnswer("Signed in: to `/` with the session cookie.", redirectHome), "400": SIGNUP_REFUSED, "409": SIGNUP_REFUSED },
  }),
  operation("post", "/api/login", "optional", {
    operationId: "loginJson",
    summary: "Sign in (JSON): a session cookie and a bearer token",
    tags: [TAG],
    requestBody: { required: true, content: { "application/json": { schema: credentials, example: { username: EX.user, password: EX.password } } } },
    responses: { "200": jsonAnswer("Signed in.", signedIn, setCookie), "401": LOGIN_REFUSED },
  }),
  operation("post", "/login", "optional", {
    operationId: "loginForm",
    summary: "Sign in (the original's form post)",
    tags: [TAG],
    requestBody: formBody(credentials, { username: EX.user, password: EX.password }),
    responses: { "302": emptyAnswer("Signed in: to `/` with the session cookie.", redirectHome), "401": LOGIN_REFUSED },
  }),
  operation("get", "/api/auth/csrf", "none", {
    operationId: "nextAuthCsrf",
    summary: "next-auth: the CSRF token for its own forms",
    tags: [TAG],
    responses: { "200": jsonAnswer("The token.", z.object({ csrfToken: z.string() })) },
  }),
  operation("get", "/api/auth/providers", "none", {
    operationId: "nextAuthProviders",
    summary: "next-auth: the sign-in providers (credentials only)",
    tags: [TAG],
    responses: {
      "200": jsonAnswer(
        "The providers by id.",
        z.record(z.string(), z.object({ id: z.string(), name: z.string(), type: z.string(), signinUrl: z.string(), callbackUrl: z.string() })),
      ),
    },
  }),
  operation("get", "/api/auth/session", "optional", {
    operationId: "nextAuthSession",
    summary: "next-auth: the current session",
    tags: [TAG],
    responses: {
      "200": jsonAnswer(
        "The session, or `{}` when signed out.",
        z.union([z.object({ user: z.object({ name: z.string().nullable().optional() }).loose(), expires: z.string() }).loose(), z.object({}).strict()]),
      ),
    },
  }),
  operation("post", "/api/auth/callback/credentials", "none", {
    operationId: "nextAuthCredentials",
    summary: "next-auth: the credentials sign-in (the sign-in page posts here)",
    description: "Form fields `username`, `password`, `csrfToken` (from `/api/auth/csrf`, with its cookie). Scripts use `POST /api/login`.",
    tags: [TAG],
    requestBody: formBody(credentials.extend({ csrfToken: textField("From `GET /api/auth/csrf`.") }), {
      username: EX.user,
      password: EX.password,
      csrfToken: "(from GET /api/auth/csrf)",
    }),
    responses: { "302": emptyAnswer("To the page next-auth chose (an error page without a valid CSRF token).") },
  }),
];

/** These end the caller's session: the document lists them last, and so does the walk. */
export const authFinalOperations: Operation[] = [
  operation("post", "/change-password", "user", {
    operationId: "changePassword",
    summary: "Change your password",
    description: "Every other session ends; this one continues with a fresh cookie (the old one no longer works).",
    tags: [TAG],
    requestBody: formBody(
      z.object({ current_password: textField("Your password now."), new_password: textField("The new one (the sign-up rules)."), confirm_password: textField("Again.") }),
      { current_password: EX.password, new_password: EX.newPassword, confirm_password: EX.newPassword },
      "Form or JSON.",
      true,
    ),
    responses: { "200": jsonAnswer("Changed.", z.object({ ok: z.literal(true) }), setCookie), "400": jsonError("Wrong current password or a rule broken.") },
  }),
];

/** Signing out: the very last operations of the walk (anything after them would be anonymous). */
export const signOutOperations: Operation[] = [
  operation("get", "/logout", "optional", {
    operationId: "logout",
    summary: "Sign out (this session)",
    description: "From another site (`Sec-Fetch-Site: cross-site`) it ends nothing and shows a confirm button instead.",
    tags: [TAG],
    responses: {
      "200": { description: "The confirm page (a request another site started).", content: { "text/html": { schema: z.string() } } },
      "302": emptyAnswer("Signed out: to `/login`, the cookie cleared.", z.object({ Location: z.string() })),
    },
  }),
  operation("post", "/logout", "optional", {
    operationId: "logoutPost",
    summary: "Sign out; `everywhere=1` ends every session of the account",
    tags: [TAG],
    requestBody: { ...formBody(z.object({ everywhere: z.enum(["1"]).optional() }), { everywhere: "1" }), required: false },
    responses: { "302": emptyAnswer("Signed out: to `/login`.", z.object({ Location: z.string() })), "403": eitherError("A cross-site post.") },
  }),
];

export const healthOperations: Operation[] = [
  operation("get", "/healthz", "none", {
    operationId: "healthz",
    summary: "Liveness",
    tags: ["Operations"],
    responses: { "200": jsonAnswer("The process answers.", z.object({ status: z.literal("ok") })) },
  }),
  operation("get", "/readyz", "none", {
    operationId: "readyz",
    summary: "Readiness",
    description: "200 when the database, the data folder and the upload folder (and Redis/S3 when configured) answer; 503 naming what failed.",
    tags: ["Operations"],
    responses: {
      "200": jsonAnswer("Ready.", readiness("ready")),
      "503": jsonAnswer("Not ready: the failed check says why.", readiness("not ready")),
    },
  }),
  operation("get", "/api/openapi.json", "none", {
    operationId: "openapi",
    summary: "This document",
    tags: ["Operations"],
    responses: { "200": jsonAnswer("OpenAPI 3.1.", z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }).loose()) },
  }),
  operation("get", "/api/docs", "none", {
    operationId: "apiDocs",
    summary: "The interactive reference (Swagger UI, served from this server)",
    tags: ["Operations"],
    responses: { "200": { description: "The page.", content: { "text/html": { schema: z.string() } } } },
  }),
  operation("get", "/api/docs/{asset}", "none", {
    operationId: "apiDocsAsset",
    summary: "A script or style of the reference page",
    tags: ["Operations"],
    requestParams: { path: pathParams({ asset: z.string() }, { asset: "init.js" }) },
    responses: {
      "200": { description: "The file (revalidated by ETag).", content: { "text/javascript": { schema: z.string() }, "text/css": { schema: z.string() }, "image/png": { schema: z.string() } } },
      "304": emptyAnswer("Not modified."),
      "404": textAnswer("Not one of the page's files.", "not found"),
    },
  }),
];

function readiness(status: string) {
  return z.object({ status: z.literal(status), checks: z.record(z.string(), z.string().meta({ description: '"ok" or "failed: <why>"' })) });
}
