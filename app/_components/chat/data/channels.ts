"use client";

import { useEffect, useMemo } from "react";
import useSWR, { mutate } from "swr";
import type { ChannelSummary } from "@/lib/chat/wire";
import { enc, postJson } from "@/lib/client/api";
import type { ChangeEvent } from "@/lib/client/types";
import { KEYS } from "./keys";
import { fetcher } from "./polled";

/**
 * Public channels as `GET /channels/browse` lists them (issue 16): the sidebar shows the joined ones that
 * are not archived, under the name an admin gave them; the browse dialog shows them all. Refreshed at once
 * by the `channels` change notice (refreshOnChannelsNotice) and polled slowly besides.
 */
/** One entry: the server's own shape (lib/chat/wire.ts). */
export type PublicChannelEntry = ChannelSummary;

export const BROWSE_KEY = "/channels/browse";
const POLL_MS = 60_000;

/** Names shown for public channel ids, kept from the latest list (titles are computed in many places). */
const names = new Map<string, string>();

/** The name shown for a public channel id (the id itself until the list says otherwise). */
export function publicChannelName(id: string): string {
  return names.get(id) ?? id;
}

export function useBrowseChannels() {
  const result = useSWR<PublicChannelEntry[]>(BROWSE_KEY, fetcher, { refreshInterval: POLL_MS, dedupingInterval: 250, keepPreviousData: true });
  const data = result.data;
  useEffect(() => {
    if (!data) return;
    names.clear();
    for (const c of data) names.set(c.id, c.name);
  }, [data]);
  return result;
}

/** The public channels of the sidebar: joined, not archived; `fallback` (the page's list) until the first answer. */
export function useSidebarChannels(fallback: string[]): { channels: string[]; list: PublicChannelEntry[] | undefined } {
  const { data } = useBrowseChannels();
  if (data) for (const c of data) names.set(c.id, c.name); // before this render's titles are computed
  const channels = useMemo(() => (data ? data.filter((c) => c.joined && !c.archived).map((c) => c.id) : fallback), [data, fallback]);
  return { channels, list: data };
}

/** A `channels` notice: the list changed (created, renamed, archived, purpose, members). */
export function refreshOnChannelsNotice(event: ChangeEvent): void {
  if (event.kind !== "channels") return;
  void mutate(BROWSE_KEY);
  void mutate(KEYS.unreads);
  void mutate(KEYS.mentions);
}

async function act(path: string, body: unknown = {}): Promise<PublicChannelEntry> {
  const answer = await postJson<PublicChannelEntry>(path, body);
  void mutate(BROWSE_KEY);
  void mutate(KEYS.unreads);
  void mutate(KEYS.mentions);
  return answer;
}

export const createPublicChannel = (name: string, purpose = "") => act("/channels/create", purpose ? { name, purpose } : { name });
export const renamePublicChannel = (id: string, name: string) => act(`/channels/${enc(id)}/rename`, { name });
export const setChannelPurpose = (id: string, purpose: string) => act(`/channels/${enc(id)}/purpose`, { purpose });
export const archivePublicChannel = (id: string) => act(`/channels/${enc(id)}/archive`);
export const unarchivePublicChannel = (id: string) => act(`/channels/${enc(id)}/unarchive`);
export const joinPublicChannel = (id: string) => act(`/channels/${enc(id)}/join`);
export const leavePublicChannel = (id: string) => act(`/channels/${enc(id)}/leave`);

export type NotifyLevel = "all" | "mentions" | "none";

/** Sets a channel's notifications (`none` is mute) and refreshes the quiet state. */
export async function setNotifyLevel(channel: string, notify: NotifyLevel): Promise<void> {
  await postJson(`/channel_preferences/${enc(channel)}`, { notify });
  void mutate(KEYS.channelPreferences);
}
