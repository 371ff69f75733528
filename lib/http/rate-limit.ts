/**
 * Rate limits (issue 15): every request is counted before its handler runs, against its principal (a
 * user's sessions together; each access token on its own, so a runaway script does not lock its owner's
 * browser out) or, when anonymous, against its address (lib/auth/address.ts, TRUST_PROXY aware). On top:
 * sends (POST /send/…, tribune posts, board threads and replies, webhook posts) per principal or address,
 * sign-ins and sign-ups per address (beside the per-account lockout of lib/auth/throttle.ts), and webhook
 * posts per webhook. A refusal answers 429 with Retry-After (whole seconds, at least 1) and
 * `{"error":"rate limited","retry_after":n}`, or the text `rate limited` on the plain-text doors (the
 * tribune, /hooks/<secret>). The limits are settings.json's `rate_limits` (lib/config.ts says why the
 * defaults are what they are), read on every request, so an edit takes effect within a second.
 *
 * Counting: fixed windows (a minute, or 10 s for sends) keyed by the window's number, so instances agree
 * on window edges by the clock alone. A client may thus get up to twice a limit through across one
 * window's edge; the defaults leave room for that. Memory is bounded: a key whose window has passed is
 * dropped at the next sweep (once a window, when new keys arrive), and each bucket keeps at most
 * MAX_KEYS keys (the oldest go first, which at worst forgives their counts).
 *
 * Several instances (REDIS_URL): no Redis round trip per request. What an instance admits is counted
 * locally and added to Redis every SYNC_MS in one pipeline (INCRBY on `<prefix>rl:<bucket>:<window>:<key>`
 * with an expiry of two windows); each reply is the key's global count, and decisions use the global
 * count at the last sync plus what this instance admitted since. The approximation: for up to SYNC_MS
 * plus a round trip, an instance does not see what the others admitted, so across N instances a key can
 * overshoot its limit by what N-1 instances admit in that time (a few requests at human rates). If
 * Redis cannot be reached, each instance keeps limiting on its own counts.
 *
 * The hot path (admitted, limits on) allocates nothing: the limits as last read, a map lookup by the
 * username or token id the principal already holds, and a few number updates.
 */
import "server-only";
import { createHash } from "node:crypto";
import type Redis from "ioredis";
import { clientAddress } from "@/lib/auth/address";
import { principalOf, type Principal } from "@/lib/auth/principal";
import { redisBackend } from "@/lib/backends";
import { loadedSettings, settings, type Settings } from "@/lib/config";
import { sharedRedis } from "@/lib/events";
import { resetSingleton, singleton } from "@/lib/globals";
import { ApiError } from "./errors";
import type { RequestHead } from "./route";

/** Keys one bucket keeps at most (a flood of fresh addresses cannot grow memory without bound). */
const MAX_KEYS = 50_000;
/** How often local counts are added to Redis. */
export const SYNC_MS = 250;

const MINUTE = 60_000;

class Bucket {
  readonly counters = new Map<string, Counter>();
  nextSweep = 0;
  constructor(
    readonly name: string,
    readonly windowMs: number,
  ) {}
}

class Counter {
  /** Admitted in this window: the global count at the last sync plus what this instance admitted since. */
  count = 0;
  /** Admitted here and not yet added to Redis. */
  pending = 0;
  constructor(
    readonly bucket: Bucket,
    readonly key: string,
    public window: number,
  ) {}
}

export interface RateLimiterOptions {
  /** Milliseconds since the epoch (tests move it instead of waiting a minute). */
  now?: () => number;
  /** Where counts are shared; null or absent: this process only. */
  redis?: Redis | null;
  /** Put before every Redis key. */
  prefix?: string;
}

/** The counters of one process. */
export class RateLimiter {
  readonly now: () => number;
  private readonly redis: Redis | null;
  private readonly prefix: string;
  /** Per signed-in user (sessions), per access token, per anonymous address: every request. */
  readonly users = new Bucket("user", MINUTE);
  readonly tokens = new Bucket("token", MINUTE);
  readonly addresses = new Bucket("address", MINUTE);
  /** Sends, keyed as above ("u:" user, "t:" token, "a:" address, "h:" webhook). */
  readonly sends = new Bucket("send", 10_000);
  /** Sign-ins and sign-ups per address. */
  readonly logins = new Bucket("login", MINUTE);
  /** Posts per incoming webhook (by a hash of its secret). */
  readonly hooks = new Bucket("hook", MINUTE);
  private readonly dirty = new Set<Counter>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;

  constructor(options: RateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.redis = options.redis ?? null;
    this.prefix = options.prefix ?? "";
  }

  /** Counts one request against `key`: 0 when admitted, else the whole seconds (≥ 1) until the window ends. */
  take(bucket: Bucket, key: string, limit: number): number {
    const now = this.now();
    const windowMs = bucket.windowMs;
    const window = Math.floor(now / windowMs);
    let counter = bucket.counters.get(key);
    if (counter === undefined) {
      if (now >= bucket.nextSweep || bucket.counters.size >= MAX_KEYS) this.sweep(bucket, window, now);
      counter = new Counter(bucket, key, window);
      bucket.counters.set(key, counter);
    } else if (counter.window !== window) {
      counter.window = window;
      counter.count = 0;
      counter.pending = 0;
    }
    if (counter.count >= limit) return Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    counter.count++;
    if (this.redis !== null) {
      counter.pending++;
      this.dirty.add(counter);
      if (this.timer === null) this.schedule();
    }
    return 0;
  }

  /** Drops the keys of past windows; past MAX_KEYS, the oldest keys too. */
  private sweep(bucket: Bucket, window: number, now: number): void {
    bucket.nextSweep = now + bucket.windowMs;
    for (const [key, counter] of bucket.counters) if (counter.window < window) bucket.counters.delete(key);
    for (const key of bucket.counters.keys()) {
      if (bucket.counters.size < MAX_KEYS) break;
      bucket.counters.delete(key);
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, SYNC_MS);
    this.timer.unref?.();
  }

  /** Adds what was admitted here since the last sync to Redis and learns the global counts back. */
  async flush(): Promise<void> {
    if (this.redis === null) return;
    if (this.flushing) return this.flushing;
    this.flushing = this.sync(this.redis).finally(() => {
      this.flushing = null;
      if (this.dirty.size > 0 && this.timer === null) this.schedule();
    });
    return this.flushing;
  }

  private async sync(redis: Redis): Promise<void> {
    const sent: { counter: Counter; window: number }[] = [];
    const pipeline = redis.pipeline();
    for (const counter of this.dirty) {
      if (counter.pending === 0) continue;
      const key = `${this.prefix}rl:${counter.bucket.name}:${counter.window}:${counter.key}`;
      pipeline.incrby(key, counter.pending);
      pipeline.pexpire(key, counter.bucket.windowMs * 2);
      counter.pending = 0;
      sent.push({ counter, window: counter.window });
    }
    this.dirty.clear();
    if (sent.length === 0) return;
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await pipeline.exec();
    } catch {
      return; // Redis unreachable: the local counts already hold what this instance admitted
    }
    sent.forEach(({ counter, window }, i) => {
      const [err, value] = replies?.[2 * i] ?? [new Error("no reply"), null];
      // Never lowered: a window that has moved on, or a key Redis lost, keeps what is known here.
      if (!err && counter.window === window) counter.count = Math.max(counter.count, Number(value) + counter.pending);
    });
  }

  /** Stops the sync timer after a last sync (tests; shutdown). */
  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}

const SINGLETON = "rate-limiter";

/** This process's limiter: counts shared through Redis when REDIS_URL is set. */
export function rateLimiter(): RateLimiter {
  return singleton(SINGLETON, () => {
    const backend = redisBackend();
    return new RateLimiter(backend ? { redis: sharedRedis(), prefix: backend.prefix } : {});
  });
}

/** Replaces this process's limiter, forgetting every count (tests inject a clock this way). */
export function replaceRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  resetSingleton(SINGLETON);
  return singleton(SINGLETON, () => new RateLimiter(options));
}

/** How long the limits read from the settings are used before settings() is asked again (it notices file edits). */
const LIMITS_RECHECK_MS = 250;
let limitsReadAt = -Infinity;
let limitsFrom: Settings | undefined;

/**
 * The limits in force. settings() costs more than the whole admitted path (it reads the environment), so
 * it is asked every LIMITS_RECHECK_MS only; settings loaded meanwhile (a reload) are used at once.
 */
function currentLimits(): Settings["rate_limits"] {
  const loaded = loadedSettings();
  const now = performance.now();
  if (loaded !== undefined && loaded === limitsFrom && now - limitsReadAt < LIMITS_RECHECK_MS) return loaded.rate_limits;
  limitsFrom = settings();
  limitsReadAt = now;
  return limitsFrom.rate_limits;
}

/** The address an anonymous request is counted under (only asked for anonymous requests). */
const addressOf = (header: (name: string) => string | null | undefined) => clientAddress({ "x-forwarded-for": header("x-forwarded-for") ?? undefined });

/** A webhook's key: a hash of its secret, so no secret is kept in memory or in Redis by the limiter. */
const hookKey = (secret: string) => "h:" + createHash("sha256").update(secret).digest("base64url").slice(0, 22);

const isWrite = (method: string) => method === "POST" || method === "PUT" || method === "PATCH" || method === "DELETE";

/** Board threads and replies: `POST /boards/<board>/new` and `/boards/<board>/<id>/reply`. */
const BOARD_POST = /^\/boards\/[^/?]+\/(?:new|[0-9]+\/reply)\/?(?:\?|$)/;
const LOGIN = /^\/(?:api\/)?(?:login|signup)\/?(?:\?|$)/;

/** The send bucket's key of a principal (or address). */
function senderKey(principal: Principal | null, address: () => string): string {
  if (principal === null) return "a:" + address();
  return principal.tokenId === null ? "u:" + principal.username : "t:" + principal.tokenId;
}

/** The answer to a refused request: JSON, or the text a plain-text door answers. */
export function rateLimited(retryAfter: number, style: "json" | "plain"): ApiError {
  const headers = { "Retry-After": String(retryAfter) };
  return new ApiError(429, style === "plain" ? "rate limited" : { error: "rate limited", retry_after: retryAfter }, headers);
}

/**
 * Counts a request of a wrapped route (lib/http/route.ts, both doors); throws the 429 when a limit is
 * reached. Synchronous: nothing is awaited on the way to a handler.
 */
export function admit(head: RequestHead, principal: Principal | null): void {
  const limits = currentLimits();
  if (!limits.enabled) return;
  const limiter = rateLimiter();
  let wait =
    principal === null
      ? limiter.take(limiter.addresses, addressOf(head.header), limits.anonymous_requests_per_minute)
      : principal.tokenId === null
        ? limiter.take(limiter.users, principal.username, limits.requests_per_minute)
        : limiter.take(limiter.tokens, principal.tokenId, limits.requests_per_minute);
  if (wait > 0 || !isWrite(head.method)) {
    if (wait > 0) throw rateLimited(wait, isWrite(head.method) && head.target.startsWith("/hooks/") ? "plain" : "json");
    return;
  }
  // Writes only from here: the path is read for them alone (the Web door's target builds a URL).
  const target = head.target;
  if (target.startsWith("/hooks/")) {
    const key = hookKey(target.slice("/hooks/".length).split(/[/?]/)[0] ?? "");
    wait = limiter.take(limiter.hooks, key, limits.webhook_posts_per_minute) || limiter.take(limiter.sends, key, limits.sends_per_10_seconds);
    if (wait > 0) throw rateLimited(wait, "plain");
  } else if (target.startsWith("/send/") || BOARD_POST.test(target)) {
    wait = limiter.take(limiter.sends, senderKey(principal, () => addressOf(head.header)), limits.sends_per_10_seconds);
  } else if (LOGIN.test(target)) {
    wait = limiter.take(limiter.logins, addressOf(head.header), limits.logins_per_minute);
  }
  if (wait > 0) throw rateLimited(wait, "json");
}

/**
 * Counts a sign-in, sign-up or password reset made through a server action (the pages' forms), from
 * `address` (lib/auth/address.ts's clientAddress): 0 when admitted, else the seconds to wait.
 */
export function admitLogin(address: string): number {
  const limits = currentLimits();
  if (!limits.enabled) return 0;
  const limiter = rateLimiter();
  return limiter.take(limiter.logins, address, limits.logins_per_minute);
}

/**
 * Counts a tribune request (lib/http/tribune.ts): per session or token user, else per address (HTTP Basic
 * clients too: the tribune checks those credentials itself, and checking them twice would double the
 * cost of guessing); a POST or PUT is also a send. 0 when admitted, else the seconds to wait.
 */
export async function admitTribune(method: string, target: string, headers: Readonly<Record<string, string | undefined>>): Promise<number> {
  const limits = currentLimits();
  if (!limits.enabled) return 0;
  const header = (name: string) => headers[name] ?? null;
  const principal = headers.authorization !== undefined || headers.cookie !== undefined ? await principalOf({ method, target, header }) : null;
  const limiter = rateLimiter();
  const wait =
    principal === null
      ? limiter.take(limiter.addresses, addressOf(header), limits.anonymous_requests_per_minute)
      : principal.tokenId === null
        ? limiter.take(limiter.users, principal.username, limits.requests_per_minute)
        : limiter.take(limiter.tokens, principal.tokenId, limits.requests_per_minute);
  if (wait > 0 || (method !== "POST" && method !== "PUT")) return wait;
  return limiter.take(limiter.sends, senderKey(principal, () => addressOf(header)), limits.sends_per_10_seconds);
}
