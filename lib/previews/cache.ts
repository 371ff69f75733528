/**
 * Where link previews are kept until they expire: in Redis when REDIS_URL is set, so every instance
 * answers from a preview any of them fetched (and a page is not fetched once per instance), else in
 * this process. Redis unreachable or slow: a read is a miss and a write is skipped, never an error.
 */
import "server-only";
import { createHash } from "node:crypto";
import type Redis from "ioredis";
import { redisBackend } from "@/lib/backends";
import { sharedRedis } from "@/lib/events";
import { singleton } from "@/lib/globals";

export interface SharedCache<T> {
  /** The value kept under `key`, or undefined when there is none (or it expired). */
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  /** Forgets every value (tests). */
  clear(): Promise<void>;
}

/** Entries a process keeps at most; the oldest go first. */
const MEMORY_LIMIT = 500;

class MemoryCache<T> implements SharedCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();

  async get(key: string): Promise<T | undefined> {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires > Date.now()) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: Date.now() + ttlMs });
    while (this.entries.size > MEMORY_LIMIT) this.entries.delete(this.entries.keys().next().value as string);
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }
}

/** Values as JSON under `<prefix><namespace>:<sha256 of the key>` (URLs can be long), with Redis's own expiry. */
class RedisCache<T> implements SharedCache<T> {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  private keyOf(key: string): string {
    return this.keyPrefix + createHash("sha256").update(key).digest("base64url");
  }

  async get(key: string): Promise<T | undefined> {
    try {
      const text = await this.redis.get(this.keyOf(key));
      return text === null ? undefined : (JSON.parse(text) as T);
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    try {
      await this.redis.set(this.keyOf(key), JSON.stringify(value), "PX", Math.max(1, Math.round(ttlMs)));
    } catch {
      // Not kept: the next request fetches again.
    }
  }

  async clear(): Promise<void> {
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.keyPrefix}*`, "COUNT", 500);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  }
}

/** The cache named `namespace` of this process: shared through Redis when there is one. */
export function sharedCache<T>(namespace: string): SharedCache<T> {
  return singleton(`shared-cache:${namespace}`, () => {
    const redis = sharedRedis();
    const backend = redisBackend();
    return redis && backend ? new RedisCache<T>(redis, `${backend.prefix}${namespace}:`) : new MemoryCache<T>();
  });
}
