// The tribune's read side: a public channel's posts as TribunePosts, the window a backend shows, and the
// caches that let hundreds of coincoins poll cheaply. Each message is rendered once (per version) and kept;
// whole answers for readers without filters are kept per channel until the channel changes. The window is
// read by global id from the archive's primary key, so `last_id` never scans a channel (spec §3).
import "server-only";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { ANONYMOUS_SENDER } from "@/lib/channels";
import { messageStore, type MessageRow } from "@/lib/messages";
import { applyBak, type BakState } from "@/lib/bak/rules";
import type { TribuneWindow } from "./args";
import { tribunePost, type TribunePost } from "./formats";

const RENDER_CACHE_SIZE = 20_000;
/** Rows a filtered window reads at most before answering with what it found: a BaK cannot make a poll scan a channel. */
const FILTERED_SCAN_LIMIT = 5_000;

type Rendered = { version: number; post: TribunePost };

const renders = () => singleton("tribune-renders", () => new Map<number, Rendered>());

/** A row as the tribune shows it: web sends are under their sender's name, anonymous posts under their agent. */
export function postOf(row: MessageRow): TribunePost {
  const cache = renders();
  const hit = cache.get(row.id);
  if (hit && hit.version === row.updated_ts) return hit.post;
  const login = row.sender === ANONYMOUS_SENDER ? null : row.sender;
  const post = tribunePost({ id: row.id, time: row.ts, info: row.agent ?? login ?? "coward", login, raw: row.content });
  if (cache.size >= RENDER_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(row.id, { version: row.updated_ts, post });
  return post;
}

/**
 * The newest `limit` posts of a channel after `lastId` that the BaK leaves visible, newest first
 * (direction is applied by the caller). A negative `lastId` is no filter, as `id > -1` is everything.
 */
export async function windowPosts(channel: string, window: Pick<TribuneWindow, "limit" | "lastId">, bak: BakState | null): Promise<TribunePost[]> {
  const afterId = Math.max(window.lastId, 0);
  const store = messageStore();
  if (!bak?.active || bak.rules.length === 0) {
    return (await store.archivePosts(channel, afterId, null, window.limit)).map(postOf);
  }
  const out: TribunePost[] = [];
  const batch = Math.max(window.limit * 2, 100);
  let before: number | null = null;
  for (let scanned = 0; out.length < window.limit && scanned < FILTERED_SCAN_LIMIT; scanned += batch) {
    const rows = await store.archivePosts(channel, afterId, before, batch);
    out.push(...applyBak(bak, rows.map(postOf)));
    if (rows.length < batch) break;
    before = rows.at(-1)!.id;
  }
  return out.slice(0, window.limit);
}

/** The posts of a channel whose clock (in `timeZone`) is in the given second or minute, newest first. */
export async function postsAtClock(
  channel: string,
  matches: (post: TribunePost) => boolean,
  window: Pick<TribuneWindow, "limit" | "lastId">,
  bak: BakState | null,
): Promise<TribunePost[]> {
  const afterId = Math.max(window.lastId, 0);
  const out: TribunePost[] = [];
  const batch = 500;
  let before: number | null = null;
  // The clock finder searches every date; a very long channel is searched through its newest posts only.
  for (let scanned = 0; out.length < window.limit && scanned < FILTERED_SCAN_LIMIT * 4; scanned += batch) {
    const rows = await messageStore().archivePosts(channel, afterId, before, batch);
    out.push(...applyBak(bak, rows.map(postOf)).filter(matches));
    if (rows.length < batch) break;
    before = rows.at(-1)!.id;
  }
  return out.slice(0, window.limit);
}

/** Whole answers kept for readers without filters, per channel, dropped when the channel changes. */
type Kept<T> = { version: number; until: number; value: T };
const KEPT_MAX = 2_000;
/** A safety net for changes no notice tells of (retention removing old messages). */
const KEPT_MS = 30_000;

const answers = () =>
  singleton("tribune-answers", () => {
    const state = { versions: new Map<string, number>(), everything: 0, kept: new Map<string, Kept<unknown>>() };
    bus().subscribe("change", ({ event }) => {
      if (event.kind === "accounts" || !event.channel) state.everything++;
      else if (event.kind === "messages") state.versions.set(event.channel, (state.versions.get(event.channel) ?? 0) + 1);
    });
    return state;
  });

const versionOf = (channel: string) => {
  const state = answers();
  return state.everything * 1_000_000_007 + (state.versions.get(channel) ?? 0);
};

/** The kept answer for `key` of `channel`, or computes and keeps it; the version is read before computing. */
export async function keptAnswer<T>(channel: string, key: string, compute: () => Promise<T>): Promise<T> {
  const state = answers();
  const version = versionOf(channel);
  const fullKey = `${channel}\u0000${key}`;
  const hit = state.kept.get(fullKey);
  if (hit && hit.version === version && hit.until > Date.now()) return hit.value as T;
  const value = await compute();
  if (state.kept.size >= KEPT_MAX) state.kept.delete(state.kept.keys().next().value!);
  state.kept.delete(fullKey);
  state.kept.set(fullKey, { version, until: Date.now() + KEPT_MS, value });
  return value;
}
