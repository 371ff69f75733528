"use client";

import { useCallback, useEffect, useMemo } from "react";
import { useSWRConfig } from "swr";
import { setQuiet } from "../alerts";
import { KEYS } from "./keys";
import { usePolled } from "./polled";

/**
 * What keeps the page quiet: the channels the reader muted (`/channel_preferences`) and their "do not
 * disturb" status (`/presence/override`). Both change rarely and mostly from this page (the composer's
 * commands refresh them at once, see useRefreshQuiet), so they are polled slowly for changes made elsewhere.
 */
const QUIET_POLL_MS = 30_000;

export interface Quiet {
  muted: ReadonlySet<string>;
  /** Channels whose notification level is "mentions" (issue 16): only a mention alerts or counts. */
  mentionsOnly: ReadonlySet<string>;
  dnd: boolean;
}

/** The reader's muted channels and do-not-disturb state; while mounted, the alerts (./alerts) honour them. */
export function useQuiet(): Quiet {
  const preferences = usePolled<Record<string, { muted?: boolean; notify?: string }> | null>(KEYS.channelPreferences, QUIET_POLL_MS);
  const override = usePolled<{ override: string | null } | null>(KEYS.presenceOverride, QUIET_POLL_MS);
  const muted = useMemo(
    () => new Set(Object.entries(preferences.data ?? {}).filter(([, p]) => p?.muted).map(([channel]) => channel)),
    [preferences.data],
  );
  const mentionsOnly = useMemo(
    () => new Set(Object.entries(preferences.data ?? {}).filter(([, p]) => !p?.muted && p?.notify === "mentions").map(([channel]) => channel)),
    [preferences.data],
  );
  const dnd = override.data?.override === "dnd";
  useEffect(() => setQuiet({ muted, mentionsOnly, dnd }), [muted, mentionsOnly, dnd]);
  return { muted, mentionsOnly, dnd };
}

/** After a command that may have changed them (/mute, /dnd, /away…): fetches the quiet state and presence again. */
export function useRefreshQuiet(): () => void {
  const { mutate } = useSWRConfig();
  return useCallback(() => {
    for (const key of [KEYS.channelPreferences, KEYS.presenceOverride, KEYS.online]) void mutate(key);
  }, [mutate]);
}
