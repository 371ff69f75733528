/**
 * Sessions are next-auth JWTs (encrypted, in next-auth's own cookie) that carry the account id and
 * the account's session version. Every request checks both against the shared database through an
 * in-memory cache, so logout, a password change or reset, and account deletion end every session
 * that was minted before them (port decision 6).
 */
import "server-only";
import { decode, encode } from "next-auth/jwt";
import { db } from "@/lib/db/client";
import { endStreams } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { authSecret } from "./secret";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** next-auth's cookie names; the __Secure- one is used behind TLS. */
export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-next-auth.session-token";

interface AccountState {
  accountId: string;
  sessionVersion: number;
}

interface SessionCaches {
  accounts: Map<string, AccountState | null>;
  tokens: Map<string, { username: string; accountId: string; sessionVersion: number; exp: number } | null>;
}

const TOKEN_CACHE_LIMIT = 10_000;

const caches = () =>
  singleton<SessionCaches>("session-caches", () => ({ accounts: new Map(), tokens: new Map() }));

async function accountState(username: string): Promise<AccountState | null> {
  const { accounts } = caches();
  if (accounts.has(username)) return accounts.get(username) ?? null;
  const row = await db().user.findUnique({ where: { username }, select: { accountId: true, sessionVersion: true } });
  accounts.set(username, row);
  return row;
}

/** Forget what we know of an account (after its version changed or it was deleted). */
export function forgetAccount(username: string): void {
  caches().accounts.delete(username);
}

/** Ends every session of the account; returns the new version. */
export async function endAllSessions(username: string): Promise<number> {
  const row = await db().user.update({
    where: { username },
    data: { sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  forgetAccount(username);
  endStreams(username);
  return row.sessionVersion;
}

/** The claims that tie a token to the account as it stands now (also used by next-auth's jwt callback). */
export async function sessionClaims(username: string): Promise<{ sub: string; name: string; aid: string; sv: number }> {
  forgetAccount(username);
  const state = await accountState(username);
  if (!state) throw new Error(`no account ${username}`);
  return { sub: username, name: username, aid: state.accountId, sv: state.sessionVersion };
}

/** A fresh session token for the account as it stands now. */
export async function mintSessionToken(username: string): Promise<string> {
  return encode({ token: await sessionClaims(username), secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

async function decodeToken(token: string) {
  const { tokens } = caches();
  if (tokens.has(token)) return tokens.get(token) ?? null;
  let claims: Awaited<ReturnType<typeof decode>> = null;
  try {
    claims = await decode({ token, secret: authSecret() });
  } catch {
    claims = null;
  }
  const parsed =
    claims &&
    typeof claims.sub === "string" &&
    typeof claims.aid === "string" &&
    typeof claims.sv === "number" &&
    typeof claims.exp === "number"
      ? { username: claims.sub, accountId: claims.aid, sessionVersion: claims.sv, exp: claims.exp }
      : null;
  if (tokens.size >= TOKEN_CACHE_LIMIT) tokens.delete(tokens.keys().next().value as string);
  tokens.set(token, parsed);
  return parsed;
}

/** The username a token stands for, or null when it is invalid, expired or revoked. */
export async function userFromToken(token: string | undefined | null): Promise<string | null> {
  if (!token) return null;
  const session = await decodeToken(token);
  if (!session || session.exp * 1000 <= Date.now()) return null;
  const state = await accountState(session.username);
  if (!state || state.accountId !== session.accountId || state.sessionVersion !== session.sessionVersion) return null;
  return session.username;
}

export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

/** The session token of a request: next-auth's cookie, or `Authorization: Bearer <token>` for API clients. */
export function tokenFromRequest(req: Request): string | null {
  const auth = req.headers.get("authorization");
  if (auth && /^bearer /i.test(auth)) return auth.slice(7).trim() || null;
  const cookies = parseCookies(req.headers.get("cookie"));
  return cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE) ?? null;
}

export async function userFromRequest(req: Request): Promise<string | null> {
  return userFromToken(tokenFromRequest(req));
}

/** Whether the request reached us over TLS (directly or through a proxy that says so). */
export function isSecureRequest(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0].trim() === "https";
  return new URL(req.url).protocol === "https:";
}

export function sessionCookieHeader(token: string, secure: boolean): string {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookieHeaders(): string[] {
  return [
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
    `${SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`,
  ];
}
