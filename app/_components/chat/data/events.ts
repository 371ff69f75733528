"use client";

import { useEffect, useRef, useState } from "react";
import { mutate } from "swr";
import type { ChangeEvent } from "@/lib/client/types";
import { refreshOnActionNotice } from "./actions";
import { refreshOnChannelsNotice } from "./channels";
import { invalidateChannelCaches } from "./messages";
import { refreshOnThreadNotice } from "./threads";
import { KEYS, membersKey, receiptsKey } from "./keys";

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

/**
 * What each change notice makes stale, refetched at once instead of at the next poll: the open
 * channel's messages through `refreshMessages`, everything else through its SWR key.
 */
export function useLiveUpdates(channel: string, refreshMessages: () => Promise<void>): void {
  useChangeEvents((event) => {
    refreshOnActionNotice(event); // pins and saved lists
    refreshOnThreadNotice(event); // followed threads and the open thread panel (issue 16)
    refreshOnChannelsNotice(event); // public channels created, renamed, archived, joined (issue 16)
    if (event.channel === channel && (event.kind === "messages" || event.kind === "reactions")) void refreshMessages();
    if (event.channel === channel && event.kind === "receipts") void mutate(receiptsKey(channel));
    if (event.kind === "messages") {
      void mutate(KEYS.unreads);
      void mutate(KEYS.mentions);
    }
    if (event.kind === "dms") {
      void mutate(KEYS.dms);
      void mutate(KEYS.dmUnreadCount);
    }
    if (event.kind === "private_channels") void mutate(KEYS.privateChannels);
    if (event.kind === "accounts") {
      invalidateChannelCaches();
      void refreshMessages();
      for (const key of [KEYS.users, KEYS.userColors, KEYS.userAvatars, KEYS.dms, KEYS.unreads, KEYS.mentions, KEYS.privateChannels]) void mutate(key);
      void mutate(membersKey(channel));
    }
  });
}
