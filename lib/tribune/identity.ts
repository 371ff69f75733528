// Who is asking (spec §4.3, DESIGN tribune decisions 2–3): a registered user through the session cookie, a
// Bearer token or HTTP Basic, or else an anonymous client known by its User-Agent (or the name it chose with
// `/name`). An anonymous identity is only ever an `info` string: it never becomes a login, so no client can pass
// for a registered user by sending a user's name. Identities are kept raw; the formats escape them once.
import "server-only";
import { createHash } from "node:crypto";
import { login } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/address";
import { principalOf } from "@/lib/auth/principal";
import { parseCookies } from "@/lib/auth/session";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { isDomainError } from "@/lib/errors";

/** The custom-name cookie `/name` sets (spec §1.6). */
export const NAME_COOKIE = "djangotribune_user-agent";
/** Identities are at most this many characters (spec §4.3.5). */
export const IDENTITY_MAX = 150;
/** A User-Agent shorter than this is `coward` (spec §7). */
const IDENTITY_MIN = 3;
const COWARD = "coward";

export type RequestHeaders = Readonly<Record<string, string | undefined>>;

export type Identity = {
  /** The registered user, or null for an anonymous client. */
  user: string | null;
  /** The `info` string posts are made under, raw. */
  agent: string;
};

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; status: 400 | 401 | 403; message: string };

// Characters no identity keeps: C0/C1 controls, the ones XML 1.0 cannot carry, and the bidirectional
// overrides and isolates that would show a name reversed or spill over what follows it.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A header as Node hands it over (one byte per character): read as UTF-8, or as Latin-1 if that fails. */
export function decodeHeader(value: string): string {
  const bytes = Buffer.from(value, "latin1");
  const utf8 = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return utf8.includes("\ufffd") && !value.includes("\ufffd") ? value : utf8;
}

const clip = (text: string) => Array.from(text).slice(0, IDENTITY_MAX).join("");

/** The name set by `/name`: the cookie's base64, quoted or not; null when absent, unreadable or too short. */
function chosenName(cookieHeader: string | undefined): string | null {
  const value = parseCookies(cookieHeader ?? null).get(NAME_COOKIE);
  if (!value) return null;
  const unquoted = value.replace(/^"(.*)"$/, "$1");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(unquoted)) return null;
  const name = Buffer.from(unquoted, "base64").toString("utf8").replace(UNPRINTABLE, "").trim();
  return name.length >= IDENTITY_MIN && !name.includes("\ufffd") ? clip(name) : null;
}

/** The `info` of a request: the `/name` cookie, else the User-Agent, else `coward`. */
export function agentOf(headers: RequestHeaders): string {
  const name = chosenName(headers.cookie);
  if (name) return name;
  const agent = decodeHeader(headers["user-agent"] ?? "").replace(UNPRINTABLE, "").trim().replaceAll("&nbsp;", "");
  return agent.length < IDENTITY_MIN ? COWARD : clip(agent);
}

type BasicEntry = { user: string; until: number };
const BASIC_TTL_MS = 60_000;

/**
 * Checked Basic credentials, so a client polling every few seconds is not hashed every time. Per instance:
 * a password change, a sign-out everywhere or a deletion on any instance reaches this one on the bus, and
 * that account's credentials are checked again. `epoch` moves with every drop, so a check that was under
 * way meanwhile (and may have passed the old password) is not kept.
 */
const basicCache = () =>
  singleton("tribune-basic-cache", () => {
    const state = { map: new Map<string, BasicEntry>(), epoch: 0 };
    bus().subscribe("account", ({ user }) => {
      state.epoch++;
      for (const [key, entry] of state.map) if (entry.user === user) state.map.delete(key);
    });
    bus().subscribe("resync", () => {
      state.epoch++;
      state.map.clear();
    });
    return state;
  });

async function basicUser(authorization: string, headers: RequestHeaders): Promise<string | null> {
  const key = createHash("sha256").update(authorization).digest("base64");
  const cache = basicCache();
  const hit = cache.map.get(key);
  if (hit && hit.until > Date.now()) return hit.user;
  const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const epoch = cache.epoch;
  try {
    const user = await login({ username: decoded.slice(0, colon), password: decoded.slice(colon + 1), address: clientAddress(headers) });
    if (cache.epoch !== epoch) return user;
    if (cache.map.size > 10_000) cache.map.clear();
    cache.map.set(key, { user, until: Date.now() + BASIC_TTL_MS });
    return user;
  } catch (err) {
    if (isDomainError(err) && err.code === "unauthorized") return null;
    throw err;
  }
}

/**
 * The identity of a request. A session cookie that no longer holds (expired, signed out) is simply not one:
 * browsers keep stale cookies. Credentials a client sends on purpose (Bearer, Basic) must hold, or 401. A
 * Bearer may be a session or an access token (lib/auth/principal.ts); a read-only token cannot post (403).
 */
export async function identify(headers: RequestHeaders, method = "GET", target = "/tribune/"): Promise<IdentityResult> {
  const agent = agentOf(headers);
  const authorization = headers.authorization;
  if (authorization && /^basic /i.test(authorization)) {
    const user = await basicUser(authorization, headers);
    return user ? { ok: true, identity: { user, agent } } : { ok: false, status: 401, message: "Wrong username or password" };
  }
  const bearer = !!authorization && /^bearer /i.test(authorization);
  let user: string | null;
  try {
    user = (await principalOf({ method, target, header: (name) => headers[name] ?? null }))?.username ?? null;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === "forbidden") return { ok: false, status: 403, message: err.message };
    if (err.code === "invalid") return { ok: false, status: 400, message: err.message };
    user = null;
  }
  if (bearer && !user) return { ok: false, status: 401, message: "Invalid or expired token" };
  return { ok: true, identity: { user, agent } };
}
