"use client";

import { useState, useSyncExternalStore } from "react";
import useSWR, { useSWRConfig, type SWRConfiguration } from "swr";
import { getJson } from "@/lib/client/api";

export const fetcher = <T,>(path: string) => getJson<T>(path);

/**
 * A GET polled at the reference's cadence (and refreshed at once by events, through `mutate`). An
 * answer the page arrived with (SWRConfig's fallback) is fresh: the first poll waits its turn. Once
 * the hook has moved to another key (another channel), coming back fetches at once as usual.
 */
export function usePolled<T>(key: string | null, refreshInterval: number, options: SWRConfiguration<T> = {}) {
  const { fallback } = useSWRConfig();
  const [firstKey] = useState(key);
  const [moved, setMoved] = useState(false);
  if (key !== firstKey && !moved) setMoved(true);
  const seeded = !moved && key === firstKey && key !== null && fallback?.[key] !== undefined;
  return useSWR<T>(key, fetcher, { refreshInterval, dedupingInterval: 250, keepPreviousData: true, revalidateIfStale: !seeded, ...options });
}

const noSubscription = () => () => undefined;

/** False while the server renders and while the page hydrates; true from then on. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
