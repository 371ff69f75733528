/**
 * Personal access tokens (issue 15): `mmp_<id>_<secret>`, sent as `Authorization: Bearer …`. Only the
 * SHA-256 of the whole token is stored; the token itself is shown once, at creation. Every request
 * checks a token through an in-memory cache, like sessions (./session.ts): a revoke publishes the
 * token's id and an account deletion the account's name on the bus, and every instance drops what it
 * held at once. `lastUsedAt` is written at most once a minute per token, off the request's path.
 */
import "server-only";
import crypto from "node:crypto";
import { z } from "zod";
import { db, nowSeconds } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { nameProblem } from "@/lib/text";

export const TOKEN_PREFIX = "mmp_";
const TOKEN_PATTERN = /^mmp_([a-z0-9]{12})_[A-Za-z0-9_-]{32,128}$/;
const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
const CACHE_LIMIT = 10_000;
const LAST_USED_EVERY_SECONDS = 60;

export interface TokenInfo {
  id: string;
  name: string;
  created: number;
  last_used: number | null;
  expires: number | null;
  read_only: boolean;
}

/** What a request made with a token stands for. */
export interface TokenPrincipal {
  username: string;
  tokenId: string;
  readOnly: boolean;
}

interface CachedToken extends TokenPrincipal {
  expiresAt: number | null;
}

interface TokenCache {
  /** By token hash; null: no such token. */
  byHash: Map<string, CachedToken | null>;
  /** When this instance last wrote each token's lastUsedAt (epoch seconds). */
  lastWritten: Map<string, number>;
  /** Bumped by every invalidation: a lookup that raced one does not keep what it read. */
  epoch: number;
  /** lastUsedAt writes under way (see tokenUsesSettled). */
  pending: Set<Promise<void>>;
}

const cache = () =>
  singleton<TokenCache>("access-token-cache", () => {
    const state: TokenCache = { byHash: new Map(), lastWritten: new Map(), epoch: 0, pending: new Set() };
    const dropWhere = (test: (entry: CachedToken) => boolean) => {
      state.epoch++;
      for (const [hash, entry] of state.byHash) if (entry && test(entry)) state.byHash.delete(hash);
    };
    bus().subscribe("token-revoked", ({ id }) => dropWhere((entry) => entry.tokenId === id));
    bus().subscribe("account", ({ user }) => dropWhere((entry) => entry.username === user));
    bus().subscribe("resync", () => {
      state.epoch++;
      state.byHash.clear();
    });
    return state;
  });

const hashOf = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

function newId(): string {
  let out = "";
  for (const byte of crypto.randomBytes(12)) out += ID_CHARS[byte % ID_CHARS.length];
  return out;
}

/** Whether a bearer credential is meant as an access token (and so must hold, or the request is refused). */
export const isAccessToken = (bearer: string) => bearer.startsWith(TOKEN_PREFIX);

/** The principal of an access token, or null when it is malformed, unknown, revoked, expired or of a deleted account. */
export async function tokenPrincipal(token: string): Promise<TokenPrincipal | null> {
  const shape = TOKEN_PATTERN.exec(token);
  if (!shape) return null;
  const hash = hashOf(token);
  const state = cache();
  let entry = state.byHash.get(hash);
  if (entry === undefined) {
    const epoch = state.epoch;
    const row = await db().accessToken.findUnique({
      where: { tokenHash: hash },
      select: { id: true, username: true, readOnly: true, expiresAt: true },
    });
    entry = row && row.id === shape[1] ? { username: row.username, tokenId: row.id, readOnly: row.readOnly, expiresAt: row.expiresAt } : null;
    if (state.epoch === epoch) {
      if (state.byHash.size >= CACHE_LIMIT) state.byHash.delete(state.byHash.keys().next().value as string);
      state.byHash.set(hash, entry);
    }
  }
  const now = nowSeconds();
  if (!entry || (entry.expiresAt !== null && entry.expiresAt <= now)) return null;
  noteUse(entry.tokenId, now);
  return { username: entry.username, tokenId: entry.tokenId, readOnly: entry.readOnly };
}

/** Records a use at most once a minute per token, without making the request wait for it. */
function noteUse(id: string, now: number): void {
  const { lastWritten, pending } = cache();
  const last = lastWritten.get(id);
  if (last !== undefined && now - last < LAST_USED_EVERY_SECONDS) return;
  if (lastWritten.size >= CACHE_LIMIT) lastWritten.delete(lastWritten.keys().next().value as string);
  lastWritten.set(id, now);
  const write: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => db().accessToken.updateMany({ where: { id }, data: { lastUsedAt: now } }))
    .then(
      () => undefined,
      (err: unknown) => console.error("[tokens] lastUsedAt not recorded", err),
    )
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Resolves once every lastUsedAt write started so far is done (before a shutdown, or a test's data goes). */
export async function tokenUsesSettled(): Promise<void> {
  while (cache().pending.size > 0) await Promise.all(cache().pending);
}

function infoOf(row: { id: string; name: string; createdAt: number; lastUsedAt: number | null; expiresAt: number | null; readOnly: boolean }): TokenInfo {
  return { id: row.id, name: row.name, created: row.createdAt, last_used: row.lastUsedAt, expires: row.expiresAt, read_only: row.readOnly };
}

const infoSelect = { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, readOnly: true } as const;

/** The tokens that act as `username`, newest first; never their secrets. */
export async function listTokens(username: string): Promise<TokenInfo[]> {
  const rows = await db().accessToken.findMany({ where: { username }, select: infoSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(infoOf);
}

export interface NewToken {
  name: string;
  readOnly: boolean;
  expiresInDays: number | null;
}

/** Makes a token acting as `username`, made by `createdBy` (the person, or the bot's owner). The token is in the answer only. */
export async function createToken(username: string, createdBy: string, input: NewToken): Promise<TokenInfo & { token: string }> {
  const id = newId();
  const token = `${TOKEN_PREFIX}${id}_${crypto.randomBytes(32).toString("base64url")}`;
  const createdAt = nowSeconds();
  const row = await db().accessToken.create({
    data: {
      id,
      tokenHash: hashOf(token),
      username,
      createdBy,
      name: input.name,
      readOnly: input.readOnly,
      createdAt,
      expiresAt: input.expiresInDays === null ? null : createdAt + input.expiresInDays * 86_400,
    },
    select: infoSelect,
  });
  return { ...infoOf(row), token };
}

/**
 * Revokes a token `user` may revoke: one of their own, or one of a bot they own. Refused at once on
 * every instance. Unknown (or not theirs to see) → 404.
 */
export async function revokeToken(user: string, id: string): Promise<void> {
  const row = await db().accessToken.findUnique({ where: { id }, select: { username: true, user: { select: { botOwner: true } } } });
  if (!row || (row.username !== user && row.user.botOwner !== user)) throw notFound("token not found", "json");
  await db().accessToken.deleteMany({ where: { id } });
  bus().publish("token-revoked", { id });
}

/** `POST /tokens` and `POST /bots/<username>/tokens`. */
export const newTokenBody = z.object({
  name: z
    .string({ error: "name is required" })
    .trim()
    .min(1, { error: "name is required" })
    .max(64, { error: "name must be at most 64 characters" })
    .superRefine((value, ctx) => {
      // A name that could pass for another in the list (bidi overrides, control characters) is refused.
      const problem = nameProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: `name ${problem}` });
    }),
  read_only: z.boolean({ error: "read_only must be true or false" }).optional().default(false),
  expires_in_days: z
    .number({ error: "expires_in_days must be a whole number of days from 1 to 3650" })
    .int({ error: "expires_in_days must be a whole number of days from 1 to 3650" })
    .min(1, { error: "expires_in_days must be a whole number of days from 1 to 3650" })
    .max(3650, { error: "expires_in_days must be a whole number of days from 1 to 3650" })
    .nullable()
    .optional()
    .transform((days) => days ?? null),
});

/** A token as lists show it. */
export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: z.number(),
  last_used: z.number().nullable(),
  expires: z.number().nullable(),
  read_only: z.boolean(),
});

/** The answer of a creation: the only time the token is shown. */
export const createdTokenSchema = tokenInfoSchema.extend({ token: z.string() });

/** The `<id>` of `/tokens/<id>`. */
export const tokenIdParam = z.object({ id: z.string().regex(/^[a-z0-9]{12}$/) });
