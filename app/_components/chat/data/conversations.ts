"use client";

import { mutate } from "swr";
import { postJson } from "@/lib/client/api";
import type { DmEntry, PrivateChannel } from "@/lib/client/types";
import { KEYS } from "./keys";
import { usePolled } from "./polled";

/** The reader's private channels with their unread counts, every second. */
export const usePrivateChannels = () => usePolled<PrivateChannel[]>(KEYS.privateChannels, 1000);

/** The reader's open DMs with their unread counts, every second. */
export const useDms = () => usePolled<DmEntry[]>(KEYS.dms, 1000);

export const refreshPrivateChannels = () => void mutate(KEYS.privateChannels);

/** Hides a DM from the list (a new message brings it back). */
export async function closeDm(channel: string): Promise<void> {
  await postJson("/dms/close", { channel }).catch(() => undefined);
  void mutate(KEYS.dms);
}
