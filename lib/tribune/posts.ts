// The tribune's read side: a public channel's posts as TribunePosts, the window a backend shows, and the
// caches that let hundreds of coincoins poll cheaply. Each message is rendered once (per version) and kept;
// whole answers for readers without filters are kept per channel until the channel changes. The window is
// read by global id from the archive's primary key, so `last_id` never scans a channel (spec §3).
// Several instances: the renders need no telling (a row's every change moves its `updated_ts`, the version
// they are kept under); the answers drop on the bus's change notices, which every write to a public channel
// publishes to every instance (lib/messaging/write.ts), so a post through one instance is in the next poll
// of another as soon as the notice arrives.
import "server-only";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { ANONYMOUS_SENDER } from "@/lib/channels";
import { messageStore, type MessageRow } from "@/lib/messages";
import { bakFilter, type BakState, type BakSubject } from "@/lib/bak/rules";
import type { TribuneWindow } from "./args";
import { tribunePost, type TribunePost } from "./formats";

/** Rendered posts kept, in characters (raw text and both renders): the busy end of every channel stays warm. */
const RENDER_CACHE_CHARS = 48 * 1024 * 1024;
/** Rows a filtered window reads at most before answering with what it found: a BaK cannot make a poll scan a channel. */
const FILTERED_SCAN_LIMIT = 5_000;

type Rendered = { version: number; post: TribunePost; size: number };

const renders = () => singleton("tribune-renders", () => ({ posts: new Map<number, Rendered>(), size: 0 }));

/** A row as the tribune shows it: web sends are under their sender's name, anonymous posts under their agent. */
export function postOf(row: MessageRow): TribunePost {
  const cache = renders();
  const hit = cache.posts.get(row.id);
  if (hit && hit.version === row.updated_ts) return hit.post;
  const login = row.sender === ANONYMOUS_SENDER ? null : row.sender;
  const post = tribunePost({ id: row.id, time: row.ts, info: row.agent ?? login ?? "coward", login, raw: row.content });
  const size = post.raw.length + post.message.length + post.webRender.length + post.info.length;
  if (hit) {
    cache.posts.delete(row.id);
    cache.size -= hit.size;
  }
  cache.posts.set(row.id, { version: row.updated_ts, post, size });
  cache.size += size;
  for (const [id, oldest] of cache.posts) {
    if (cache.size <= RENDER_CACHE_CHARS) break;
    cache.posts.delete(id);
    cache.size -= oldest.size;
  }
  return post;
}

/** What BaK rules look at in a row, without rendering it. */
function subjectOf(row: MessageRow): BakSubject {
  const login = row.sender === ANONYMOUS_SENDER ? null : row.sender;
  return { info: row.agent ?? login ?? "coward", login, raw: row.content };
}

/**
 * The newest posts of a channel after `lastId` that the BaK leaves visible and `keep` accepts, newest
 * first, at most `limit`, reading at most `scanLimit` rows (direction is applied by the caller). A negative
 * `lastId` is no filter, as `id > -1` is everything. Only the posts returned are rendered.
 */
async function scanPosts(channel: string, window: Pick<TribuneWindow, "limit" | "lastId">, bak: BakState | null, keep: ((row: MessageRow) => boolean) | null, scanLimit: number): Promise<TribunePost[]> {
  const afterId = Math.max(window.lastId, 0);
  const store = messageStore();
  const hidden = bakFilter(bak);
  if (!hidden && !keep) return (await store.archivePosts(channel, afterId, null, window.limit)).map(postOf);
  const out: MessageRow[] = [];
  const batch = Math.max(window.limit * 2, 200);
  let before: number | null = null;
  for (let scanned = 0; out.length < window.limit && scanned < scanLimit; scanned += batch) {
    const rows = await store.archivePosts(channel, afterId, before, batch);
    for (const row of rows) if ((!keep || keep(row)) && !hidden?.(subjectOf(row))) out.push(row);
    if (rows.length < batch) break;
    before = rows.at(-1)!.id;
  }
  return out.slice(0, window.limit).map(postOf);
}

/** The newest `limit` posts of a channel after `lastId` that the BaK leaves visible, newest first. */
export function windowPosts(channel: string, window: Pick<TribuneWindow, "limit" | "lastId">, bak: BakState | null): Promise<TribunePost[]> {
  return scanPosts(channel, window, bak, null, FILTERED_SCAN_LIMIT);
}

/** Posts the clock finder reads at most: it searches every date, so a long channel is searched through its newest posts. */
const CLOCK_SCAN_LIMIT = 10_000;

/** The posts of a channel whose time (seconds) `atClock` accepts, newest first. */
export function postsAtClock(channel: string, atClock: (ts: number) => boolean, window: Pick<TribuneWindow, "limit" | "lastId">, bak: BakState | null): Promise<TribunePost[]> {
  return scanPosts(channel, window, bak, (row) => atClock(row.ts), CLOCK_SCAN_LIMIT);
}

/** Whole answers kept for readers without filters, per channel, dropped when the channel changes. */
type Kept<T> = { version: number; until: number; value: T; size: number };
/** What the kept answers may hold in all (characters), and the largest one worth keeping. */
const KEPT_CHARS = 32 * 1024 * 1024;
const KEPT_LARGEST = 2 * 1024 * 1024;
/** A safety net for changes no notice tells of (retention removing old messages). */
const KEPT_MS = 30_000;

const answers = () =>
  singleton("tribune-answers", () => {
    const state = { versions: new Map<string, number>(), everything: 0, kept: new Map<string, Kept<unknown>>(), size: 0 };
    bus().subscribe("change", ({ event }) => {
      if (event.kind === "accounts" || !event.channel) state.everything++;
      else if (event.kind === "messages") state.versions.set(event.channel, (state.versions.get(event.channel) ?? 0) + 1);
    });
    // Notices from other instances may have been missed: nothing kept holds.
    bus().subscribe("resync", () => state.everything++);
    return state;
  });

const versionOf = (channel: string) => {
  const state = answers();
  return state.everything * 1_000_000_007 + (state.versions.get(channel) ?? 0);
};

function forget(state: ReturnType<typeof answers>, key: string): void {
  const old = state.kept.get(key);
  if (!old) return;
  state.size -= old.size;
  state.kept.delete(key);
}

/**
 * The kept answer for `key` of `channel`, or computes and keeps it (the version is read before computing, so
 * a change meanwhile makes it stale at once). The oldest answers go first once they hold KEPT_CHARS in all.
 */
export async function keptAnswer<T>(channel: string, key: string, compute: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
  const state = answers();
  const version = versionOf(channel);
  const fullKey = `${channel}\u0000${key}`;
  const hit = state.kept.get(fullKey);
  if (hit && hit.version === version && hit.until > Date.now()) return hit.value as T;
  const value = await compute();
  const size = sizeOf(value) + fullKey.length;
  forget(state, fullKey);
  if (size > KEPT_LARGEST) return value;
  state.kept.set(fullKey, { version, until: Date.now() + KEPT_MS, value, size });
  state.size += size;
  for (const oldest of state.kept.keys()) {
    if (state.size <= KEPT_CHARS) break;
    forget(state, oldest);
  }
  return value;
}
