"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import useSWR from "swr";
import { enc, getJson } from "@/lib/client/api";
import { MESSAGE_PAGE } from "@/lib/client/constants";
import { rowCursor, type Message } from "@/lib/client/types";
import { useHydrated } from "./polled";

/**
 * Messages, unlike the other resources, are not one SWR key: each channel keeps its own cache of
 * rows across switches and asks only for what changed since its cursor.
 */

interface ChannelCache {
  rows: Map<number, Message>;
  cursor: number;
  loaded: boolean;
  /** Older messages exist on the server that are not loaded yet. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** A fetch is running; `again` asks it to go round once more. Per channel, so switching never waits. */
  inFlight: boolean;
  again: boolean;
  /** What is held may be out of date in ways `?after=` cannot tell (messages removed): load afresh. */
  stale: boolean;
}

const PAGE_SIZE = MESSAGE_PAGE;

/** Per-channel message caches, kept across channel switches so a switch shows messages at once. */
const caches = new Map<string, ChannelCache>();

function cacheFor(channel: string): ChannelCache {
  let cache = caches.get(channel);
  if (!cache) caches.set(channel, (cache = { rows: new Map(), cursor: 0, loaded: false, hasOlder: false, loadingOlder: false, inFlight: false, again: false, stale: false }));
  return cache;
}

/**
 * After an account was deleted its messages may be renamed or gone: every channel reloads its newest
 * page on its next fetch, keeping what it shows until the fresh page replaces it.
 */
export function invalidateChannelCaches(): void {
  for (const cache of caches.values()) {
    if (!cache.loaded) continue;
    cache.stale = true;
    if (cache.inFlight) cache.again = true; // the fetch under way predates the change: go round again
  }
}

/**
 * The newest page of a channel that came with the page itself. Browser only (the server's module
 * state is shared by every request) and only into a channel not loaded yet.
 */
export function seedChannel(channel: string, rows: Message[]): void {
  if (typeof window === "undefined") return;
  const cache = cacheFor(channel);
  if (cache.loaded) return;
  absorb(cache, rows);
  cache.hasOlder = rows.length === PAGE_SIZE;
  cache.loaded = true;
}

/** Puts rows into a channel's cache and moves its `?after=` cursor past them. */
function absorb(cache: ChannelCache, rows: readonly Message[]): void {
  for (const row of rows) {
    cache.rows.set(row.id, row);
    cache.cursor = Math.max(cache.cursor, rowCursor(row));
  }
}

export function sortMessages(rows: Iterable<Message>): Message[] {
  return [...rows].sort((a, b) => a.ts - b.ts || a.id - b.id);
}

/**
 * The open channel's messages: polled every 500 ms with `?after=` (only what changed), refetched at
 * once on `refresh()`. Returns the sorted rows and whether the first load finished.
 */
export function useMessages(channel: string, onNew?: (rows: Message[]) => void) {
  const [, setVersion] = useState(0);
  const onNewRef = useRef(onNew);
  useEffect(() => {
    onNewRef.current = onNew;
  });

  const refresh = useCallback(async () => {
    const cache = cacheFor(channel);
    if (cache.inFlight) {
      cache.again = true;
      return;
    }
    cache.inFlight = true;
    try {
      do {
        cache.again = false;
        // The first load takes the newest page only; older pages come as the reader scrolls back.
        // A reload is decided before asking: an invalidation arriving meanwhile waits for the next turn.
        const reload = cache.loaded && cache.stale;
        const first = !cache.loaded || reload;
        cache.stale = false;
        const rows = await getJson<Message[]>(`/messages/${enc(channel)}?after=${first ? 0 : cache.cursor}${first ? `&limit=${PAGE_SIZE}` : ""}`);
        if (first) cache.hasOlder = rows.length === PAGE_SIZE;
        if (reload) {
          cache.rows = new Map();
          cache.cursor = 0;
        }
        const fresh = rows.filter((row) => !cache.rows.has(row.id));
        absorb(cache, rows);
        cache.loaded = true;
        if (rows.length || first) setVersion((v) => v + 1);
        if (fresh.length && !first) onNewRef.current?.(fresh);
      } while (cache.again);
    } catch {
      // offline or refused: the next poll tries again
    } finally {
      cache.inFlight = false;
    }
  }, [channel]);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), 500);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  const loadOlder = useCallback(async () => {
    const cache = cacheFor(channel);
    if (!cache.hasOlder || cache.loadingOlder || cache.rows.size === 0) return;
    cache.loadingOlder = true;
    try {
      const oldest = Math.min(...[...cache.rows.values()].map((m) => m.ts));
      // A hair past the oldest: rows sharing its time (a send's attachments) are not skipped.
      const rows = await getJson<Message[]>(`/messages/${enc(channel)}?before=${oldest + 1e-6}&limit=${PAGE_SIZE}`);
      for (const row of rows) if (!cache.rows.has(row.id)) cache.rows.set(row.id, row);
      cache.hasOlder = rows.length === PAGE_SIZE;
      setVersion((v) => v + 1);
    } catch {
      // the next scroll tries again
    } finally {
      cache.loadingOlder = false;
    }
  }, [channel]);

  // Times and dates are shown in the reader's own locale and zone, which the server does not know:
  // messages appear once the page has hydrated (at once, when they came with the page).
  const hydrated = useHydrated();
  const cache = cacheFor(channel);
  if (!hydrated) return { messages: [], loaded: false, hasOlder: false, refresh, loadOlder };
  return { messages: sortMessages(cache.rows.values()), loaded: cache.loaded, hasOlder: cache.hasOlder, refresh, loadOlder };
}

/** The message a reply quotes (`/message/<id>`), as its quote line shows it. */
export const useQuotedMessage = (id: number) =>
  useSWR<Pick<Message, "sender" | "agent" | "content" | "filename" | "deleted">>(`/message/${id}`, getJson, { revalidateOnFocus: false });
