/**
 * Sessions are next-auth JWTs (encrypted, in next-auth's own cookie) that carry the account id, the
 * account's session version and a session id of their own. Every request checks them against the
 * shared database through an in-memory cache (port decision 16): a logout revokes that one session id;
 * signing out everywhere, a password change or reset, and account deletion bump the version, which
 * ends every session minted before. Each change is published on the bus and every instance's cache
 * drops its entry, so a logout anywhere is honoured everywhere on the next request.
 */
import "server-only";
import crypto from "node:crypto";
import { decode, encode, type JWT } from "next-auth/jwt";
import { db, nowSeconds } from "@/lib/db/client";
import { bus, endStreams } from "@/lib/events";
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

interface SessionClaims {
  username: string;
  accountId: string;
  sessionVersion: number;
  sid: string;
  exp: number;
}

interface SessionCaches {
  accounts: Map<string, AccountState | null>;
  tokens: Map<string, SessionClaims | null>;
  /** Whether a session id was revoked; a logout in this process sets it at once. */
  revoked: Map<string, boolean>;
  nextSweep: number;
  /**
   * Bumped by every invalidation. A lookup stores what it read only if no invalidation came while it
   * waited for the database: otherwise a read that started before a logout committed could put the
   * session back as live after the logout was heard.
   */
  accountEpoch: number;
  revokedEpoch: number;
}

const TOKEN_CACHE_LIMIT = 10_000;

const caches = () =>
  singleton<SessionCaches>("session-caches", () => {
    const state: SessionCaches = { accounts: new Map(), tokens: new Map(), revoked: new Map(), nextSweep: 0, accountEpoch: 0, revokedEpoch: 0 };
    bus().subscribe("account", ({ user }) => {
      state.accountEpoch++;
      state.accounts.delete(user);
    });
    bus().subscribe("session-revoked", ({ sid }) => {
      state.revokedEpoch++;
      state.revoked.delete(sid);
    });
    // Invalidations from other instances may have been missed: read every account and session afresh.
    // (Decoded tokens stay: they say only what the token says, never whether it still holds.)
    bus().subscribe("resync", () => {
      state.accountEpoch++;
      state.revokedEpoch++;
      state.accounts.clear();
      state.revoked.clear();
    });
    return state;
  });

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= TOKEN_CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(key, value);
}

async function accountState(username: string): Promise<AccountState | null> {
  const state = caches();
  if (state.accounts.has(username)) return state.accounts.get(username) ?? null;
  const epoch = state.accountEpoch;
  const row = await db().user.findUnique({ where: { username }, select: { accountId: true, sessionVersion: true } });
  if (state.accountEpoch === epoch) state.accounts.set(username, row);
  return row;
}

/** Forget what every instance knows of an account (after its version changed or it was deleted). */
export function forgetAccount(username: string): void {
  bus().publish("account", { user: username });
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

/**
 * The claims of a new session: the account as it stands now and a fresh session id (also used by
 * next-auth's jwt callback).
 */
export async function sessionClaims(username: string): Promise<{ sub: string; name: string; aid: string; sv: number; sid: string }> {
  caches().accounts.delete(username); // read afresh here; nothing changed that others must hear of
  const state = await accountState(username);
  if (!state) throw new Error(`no account ${username}`);
  return { sub: username, name: username, aid: state.accountId, sv: state.sessionVersion, sid: crypto.randomUUID() };
}

/** A fresh session token for the account as it stands now. */
export async function mintSessionToken(username: string): Promise<string> {
  return encode({ token: await sessionClaims(username), secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

/** The claims of a decoded token, or null when any is missing or mistyped. */
function parseClaims(claims: JWT | null): SessionClaims | null {
  return claims &&
    typeof claims.sub === "string" &&
    typeof claims.aid === "string" &&
    typeof claims.sv === "number" &&
    typeof claims.sid === "string" &&
    typeof claims.exp === "number"
    ? { username: claims.sub, accountId: claims.aid, sessionVersion: claims.sv, sid: claims.sid, exp: claims.exp }
    : null;
}

async function decodeToken(token: string): Promise<SessionClaims | null> {
  const { tokens } = caches();
  if (tokens.has(token)) return tokens.get(token) ?? null;
  let claims: JWT | null = null;
  try {
    claims = await decode({ token, secret: authSecret() });
  } catch {
    claims = null;
  }
  const parsed = parseClaims(claims);
  remember(tokens, token, parsed);
  return parsed;
}

async function isRevoked(sid: string): Promise<boolean> {
  const state = caches();
  const known = state.revoked.get(sid);
  if (known !== undefined) return known;
  const epoch = state.revokedEpoch;
  const row = await db().revokedSession.findUnique({ where: { sid }, select: { sid: true } });
  if (state.revokedEpoch === epoch) remember(state.revoked, sid, row !== null);
  return row !== null;
}

/** The username of valid claims, or null when they are expired, revoked or of an account that changed. */
async function liveSession(session: SessionClaims | null): Promise<string | null> {
  if (!session || session.exp * 1000 <= Date.now()) return null;
  const state = await accountState(session.username);
  if (!state || state.accountId !== session.accountId || state.sessionVersion !== session.sessionVersion) return null;
  if (await isRevoked(session.sid)) return null;
  return session.username;
}

/** The username a token stands for, or null when it is invalid, expired or revoked. */
export async function userFromToken(token: string | undefined | null): Promise<string | null> {
  if (!token) return null;
  return liveSession(await decodeToken(token));
}

/** The same check for a token next-auth has already decoded (its session route and callbacks). */
export async function userFromClaims(claims: JWT | null): Promise<string | null> {
  return liveSession(parseClaims(claims));
}

/** Revokes one session; it stays refused until it would have expired anyway. */
async function revokeClaims(session: SessionClaims | null): Promise<void> {
  if (!session) return;
  const now = nowSeconds();
  const state = caches();
  // Rows of sessions that have expired anyway are dropped now and then.
  if (now >= state.nextSweep) {
    state.nextSweep = now + 3600;
    await db().revokedSession.deleteMany({ where: { expiresAt: { lte: now } } });
  }
  await db().$executeRaw`
    INSERT INTO "RevokedSession" ("sid", "expiresAt") VALUES (${session.sid}, ${session.exp})
    ON CONFLICT ("sid") DO NOTHING`;
  bus().publish("session-revoked", { sid: session.sid });
  remember(state.revoked, session.sid, true);
  // The account's event streams close: the one of this session must not outlive it; the others reconnect.
  endStreams(session.username);
}

/** Logout: ends the session of this token only. */
export async function endSession(token: string | null): Promise<void> {
  if (token) await revokeClaims(await decodeToken(token));
}

/** next-auth's own sign-out: ends the session of the token it decoded. */
export async function endSessionOfClaims(claims: JWT | null): Promise<void> {
  await revokeClaims(parseClaims(claims));
}

/** A cookie value %-decoded; one that does not decode (another site's cookie, say) is kept as it came. */
function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, decodeCookieValue(part.slice(eq + 1).trim()));
  }
  return out;
}

/** The session token of these headers: next-auth's cookie, or `Authorization: Bearer <token>` for API clients. */
export function tokenFromHeaders(authorization: string | null | undefined, cookie: string | null | undefined): string | null {
  if (authorization && /^bearer /i.test(authorization)) return authorization.slice(7).trim() || null;
  const cookies = parseCookies(cookie ?? null);
  return cookies.get(SECURE_SESSION_COOKIE) ?? cookies.get(SESSION_COOKIE) ?? null;
}

/** The session token of a request (see tokenFromHeaders). */
export function tokenFromRequest(req: Request): string | null {
  return tokenFromHeaders(req.headers.get("authorization"), req.headers.get("cookie"));
}

export async function userFromRequest(req: Request): Promise<string | null> {
  return userFromToken(tokenFromRequest(req));
}

/** Whether the request reached us over TLS (directly or through a proxy that says so). */
export function isSecureRequest(req: Request): boolean {
  const forwarded = req.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0]?.trim() === "https";
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
