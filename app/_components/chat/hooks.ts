"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import useSWR, { type SWRConfiguration } from "swr";
import { enc, getJson } from "@/lib/client/api";
import { rowCursor, type ChangeEvent, type Message } from "@/lib/client/types";

export const fetcher = <T,>(path: string) => getJson<T>(path);

/** A GET polled at the reference's cadence (and refreshed at once by events, through `mutate`). */
export function usePolled<T>(key: string | null, refreshInterval: number, options: SWRConfiguration<T> = {}) {
  return useSWR<T>(key, fetcher, { refreshInterval, dedupingInterval: 250, keepPreviousData: true, ...options });
}

/** Server-Sent Events from /events: every change notification goes to `onChange`. */
export function useChangeEvents(onChange: (event: ChangeEvent) => void): boolean {
  const handler = useRef(onChange);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    handler.current = onChange;
  });
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/events");
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("change", (event) => {
      try {
        handler.current(JSON.parse((event as MessageEvent<string>).data) as ChangeEvent);
      } catch {
        // a malformed event is ignored; the next poll catches up
      }
    });
    return () => source.close();
  }, []);
  return connected;
}

interface ChannelCache {
  rows: Map<number, Message>;
  cursor: number;
  loaded: boolean;
}

/** Per-channel message caches, kept across channel switches so a switch shows messages at once. */
const caches = new Map<string, ChannelCache>();

function cacheFor(channel: string): ChannelCache {
  let cache = caches.get(channel);
  if (!cache) caches.set(channel, (cache = { rows: new Map(), cursor: 0, loaded: false }));
  return cache;
}

export function sortMessages(rows: Iterable<Message>): Message[] {
  return [...rows].sort((a, b) => a.ts - b.ts || a.id - b.id);
}

/**
 * The open channel's messages: polled every 500 ms with `?after=` (only what changed), refetched at
 * once on `refresh()`. Returns the sorted rows and whether the first load finished.
 */
export function useChannelMessages(channel: string, onNew?: (rows: Message[]) => void) {
  const [, setVersion] = useState(0);
  const inFlight = useRef(false);
  const again = useRef(false);
  const onNewRef = useRef(onNew);
  useEffect(() => {
    onNewRef.current = onNew;
  });

  const refresh = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const cache = cacheFor(channel);
        const rows = await getJson<Message[]>(`/messages/${enc(channel)}?after=${cache.cursor}`);
        const fresh = rows.filter((row) => !cache.rows.has(row.id));
        for (const row of rows) {
          cache.rows.set(row.id, row);
          cache.cursor = Math.max(cache.cursor, rowCursor(row));
        }
        const first = !cache.loaded;
        cache.loaded = true;
        if (rows.length || first) setVersion((v) => v + 1);
        if (fresh.length && !first) onNewRef.current?.(fresh);
      } while (again.current);
    } catch {
      // offline or refused: the next poll tries again
    } finally {
      inFlight.current = false;
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

  const cache = cacheFor(channel);
  return { messages: sortMessages(cache.rows.values()), loaded: cache.loaded, refresh };
}

/** Drops a channel's cached messages (after leaving it). */
export function forgetChannel(channel: string): void {
  caches.delete(channel);
}
