"use client";

import useSWR, { mutate } from "swr";
import { enc, getJson, postForm } from "@/lib/client/api";
import type { ChangeEvent, Message } from "@/lib/client/types";
import { KEYS } from "./keys";
import { fetcher } from "./polled";

/**
 * The web client's side of the message actions (issue 16): pins, saves, mark as unread, edit history and
 * permalinks, over the routes of lib/messaging/actions.ts. Lists are fetched when shown and refreshed by
 * the `pins` / `saved` change notices (see `refreshOnActionNotice`), not polled.
 */

export type PinnedMessage = Message & { pinned_by: string; pinned_at: number };
export type SavedMessage = Message & { saved_at: number };
export interface MessageHistory {
  id: number;
  channel: string;
  sender: string;
  /** The original first, the current text last; `ts` is when each text was written. */
  versions: { content: string; ts: number }[];
}
/** Where a message lives, from `GET /message/<id>` (what a permalink resolves to). */
export interface MessageLocation {
  id: number;
  channel: string;
  ts: number;
  deleted: number;
}

export const pinsKey = (channel: string) => `/pins/${enc(channel)}`;
export const SAVED_KEY = "/saved";
export const historyKey = (id: number) => `/message/${id}/history`;

const listOptions = { revalidateOnFocus: false, keepPreviousData: false } as const;

/** The channel's pinned messages, newest pin first (null: not asked, e.g. while the panel is closed). */
export const usePins = (channel: string | null) => useSWR<PinnedMessage[]>(channel === null ? null : pinsKey(channel), fetcher, listOptions);

/** The reader's saved messages, newest save first (`enabled` false: not asked). */
export const useSaved = (enabled = true) => useSWR<SavedMessage[]>(enabled ? SAVED_KEY : null, fetcher, listOptions);

/** Every version of a message's text (null: not asked). */
export const useMessageHistory = (id: number | null) => useSWR<MessageHistory>(id === null ? null : historyKey(id), fetcher, listOptions);

export async function pinMessage(id: number, channel: string): Promise<void> {
  await postForm(`/pin/${id}`, {});
  await mutate(pinsKey(channel));
}

export async function unpinMessage(id: number, channel: string): Promise<void> {
  await postForm(`/unpin/${id}`, {});
  await mutate(pinsKey(channel));
}

export async function saveMessage(id: number): Promise<void> {
  await postForm(`/save/${id}`, {});
  await mutate(SAVED_KEY);
}

export async function unsaveMessage(id: number): Promise<void> {
  await postForm(`/unsave/${id}`, {});
  await mutate(SAVED_KEY);
}

/**
 * Channels the reader marked unread while looking at them: reading them on open, on new messages or on
 * coming back to the page would undo the mark at once, so the chat skips its mark-read for them until
 * the reader leaves the channel (`releaseReadHold`) or acts in it (sends, scrolls to the end: the
 * chat's choice).
 */
const readHolds = new Set<string>();

/** Whether mark-read is held back for this channel (see `markUnread`). */
export const isReadHeld = (channel: string) => readHolds.has(channel);

/** Lets the chat mark the channel read again (on leaving it, or when the reader acts in it). */
export const releaseReadHold = (channel: string) => void readHolds.delete(channel);

/**
 * Marks the message and everything after it unread for the reader, holds back the chat's mark-read for
 * its channel, and refetches every count it moved. Answers the channel's unread count now.
 */
export async function markUnread(id: number, channel: string): Promise<number> {
  readHolds.add(channel);
  try {
    const res = await postForm(`/mark_unread/${id}`, {});
    const { unread } = (await res.json()) as { unread: number };
    await Promise.all([mutate(KEYS.unreads), mutate(KEYS.mentions), mutate(KEYS.privateChannels), mutate(KEYS.dms), mutate(KEYS.dmUnreadCount)]);
    return unread;
  } catch (err) {
    readHolds.delete(channel);
    throw err;
  }
}

/** The link to copy for a message: `/m/<id>` on this site, which opens it for anyone who may see it. */
export const permalinkOf = (id: number, origin = window.location.origin) => `${origin}/m/${id}`;

/** The message a page was opened for (`/?channel=<ch>&message=<id>`, where `/m/<id>` leads), or null. */
export function linkedMessage(search = window.location.search): { channel: string; id: number } | null {
  const params = new URLSearchParams(search);
  const channel = params.get("channel");
  const id = params.get("message");
  if (!channel || !id || !/^[1-9][0-9]{0,14}$/.test(id)) return null;
  return { channel, id: Number(id) };
}

/** Where a message lives (its channel and time), for jumping to it from a pin, a save or a link. */
export async function locateMessage(id: number): Promise<MessageLocation> {
  const { channel, ts, deleted } = await getJson<MessageLocation>(`/message/${id}`);
  return { id, channel, ts, deleted };
}

/** What a `pins` or `saved` change notice makes stale (for the chat's live updates). */
export function refreshOnActionNotice(event: ChangeEvent): void {
  if (event.kind === "pins" && event.channel) void mutate(pinsKey(event.channel));
  if (event.kind === "saved") void mutate(SAVED_KEY);
}

/** What a message menu's pick came to: done (the chat words it in the page's language), or refused. */
export type ActionOutcome = { ok: true; done: "pin" | "unpin" | "save" | "unsave" | "markUnread" | "copyLink" } | { ok: false; reason: string | null };

/**
 * Carries out a message menu's pick (all but the history, which the chat shows itself): answers what
 * was done, or the server's words when it refused (null when there were none).
 */
export async function runMessageAction(action: "pin" | "unpin" | "save" | "unsave" | "mark-unread" | "copy-link", message: { id: number; channel: string }): Promise<ActionOutcome> {
  try {
    switch (action) {
      case "pin":
        await pinMessage(message.id, message.channel);
        return { ok: true, done: "pin" };
      case "unpin":
        await unpinMessage(message.id, message.channel);
        return { ok: true, done: "unpin" };
      case "save":
        await saveMessage(message.id);
        return { ok: true, done: "save" };
      case "unsave":
        await unsaveMessage(message.id);
        return { ok: true, done: "unsave" };
      case "mark-unread":
        await markUnread(message.id, message.channel);
        return { ok: true, done: "markUnread" };
      case "copy-link":
        await navigator.clipboard.writeText(permalinkOf(message.id));
        return { ok: true, done: "copyLink" };
    }
  } catch (err) {
    return { ok: false, reason: err instanceof Error && err.message ? err.message : null };
  }
}
