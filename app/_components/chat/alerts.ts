"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import { useTranslations } from "use-intl";
import { senderName } from "@/lib/client/senders";
import type { Message } from "@/lib/client/types";
import type { Preferences } from "./preferences";

/**
 * How the page gets a person's attention (spec §5.5): a chime, desktop notifications, and whether
 * the page has their attention at all.
 */

/** The alerts' texts, in the page's language: `useTranslations("shell.alerts")`. */
export type AlertTexts = ReturnType<typeof useTranslations<"shell.alerts">>;

/** The unread total must have been steady this long after the page loaded before a rise alerts. */
export const SETTLE_MS = 6000;
const CHIME_GAP_MS = 1000;

let audio: AudioContext | null = null;
let lastChime = -Infinity;

/**
 * What the reader asked to be spared: channels they muted (notifications "none": no sound or
 * notification for them, even a mention), channels set to "mentions" (only a mention of them alerts) and
 * "do not disturb" (none at all). Kept here, where every alert is made, by useQuiet (./data/quiet.ts), so
 * no caller has to remember to ask.
 */
interface QuietState {
  muted: ReadonlySet<string>;
  /** Channels whose notification level is "mentions" (issue 16). */
  mentionsOnly?: ReadonlySet<string>;
  dnd: boolean;
}
let quiet: QuietState = { muted: new Set(), dnd: false };

export function setQuiet(next: QuietState): void {
  quiet = next;
}

/**
 * Whether news in this channel (or anywhere, without one) may make a sound or a notification; `mention`:
 * the news mentions the reader (a "mentions" channel alerts for those alone).
 */
export function mayAlert(channel?: string, mention = false): boolean {
  if (quiet.dnd) return false;
  if (channel === undefined) return true;
  return !quiet.muted.has(channel) && (mention || !quiet.mentionsOnly?.has(channel));
}

/** Browsers let a page make sound only after a gesture: the first one opens the audio context. */
export function unlockAudio(): void {
  if (audio || typeof AudioContext === "undefined") return;
  try {
    audio = new AudioContext();
  } catch {
    audio = null;
  }
}

/** Browsers grant notifications and sound only after a gesture: ask on the first one. */
export function useAlertPermission(notifications: boolean): void {
  useEffect(() => {
    const ask = () => {
      unlockAudio();
      if (notifications && typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission();
    };
    window.addEventListener("pointerdown", ask, { once: true });
    window.addEventListener("keydown", ask, { once: true });
    return () => {
      window.removeEventListener("pointerdown", ask);
      window.removeEventListener("keydown", ask);
    };
  }, [notifications]);
}

/** A short two-note chime, at most once a second however many messages arrive together. */
export function playChime(now = Date.now()): boolean {
  if (now - lastChime < CHIME_GAP_MS) return false;
  lastChime = now;
  if (!audio) return true;
  void audio.resume().catch(() => undefined);
  const start = audio.currentTime;
  [880, 1320].forEach((frequency, i) => {
    const at = start + i * 0.12;
    const osc = audio!.createOscillator();
    const gain = audio!.createGain();
    osc.type = "sine";
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.2, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.25);
    osc.connect(gain).connect(audio!.destination);
    osc.start(at);
    osc.stop(at + 0.3);
  });
  return true;
}

/** Through the service worker when one controls the page (a click then focuses the chat), else directly. */
function notify(title: string, body: string, tag: string): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  if (typeof navigator !== "undefined" && navigator.serviceWorker?.controller) {
    void navigator.serviceWorker.ready.then((sw) => sw.showNotification(title, { body, tag, icon: "/icon.svg" })).catch(() => undefined);
    return;
  }
  try {
    const note = new Notification(title, { body, tag });
    note.onclick = () => {
      window.focus();
      note.close();
    };
  } catch {
    // some browsers allow notifications only from a service worker; the title badge still shows
  }
}

const mentionsOf = (row: Message): string[] => (row.mentions ? (JSON.parse(row.mentions) as string[]) : []);

/** Someone else's message that names me or everyone. */
export function mentionsMe(row: Message, me: string): boolean {
  if (row.sender === me || row.content_type === "system") return false;
  const mentions = mentionsOf(row);
  return mentions.includes(me) || mentions.includes("@everyone");
}

/**
 * New messages in the open channel (never its first load): a chime when the page is not in front,
 * or when one mentions me; a notification for each mention, even when the page is in front. `t` words it.
 */
export function alertNewMessages(rows: Message[], me: string, active: boolean, prefs: Pick<Preferences, "sounds" | "notifications">, t: AlertTexts): void {
  const others = rows.filter((row) => row.sender !== me && !row.deleted && mayAlert(row.channel, mentionsMe(row, me)));
  if (others.length === 0) return;
  const mentioning = others.filter((row) => mentionsMe(row, me));
  if (prefs.sounds && (!active || mentioning.length > 0)) playChime();
  if (!prefs.notifications) return;
  for (const row of mentioning) notify(t("mentionedBy", { sender: senderName(row) }), row.content.slice(0, 140), "minimost-mention");
}

/**
 * The grand unread total rising while the page is not in front: a chime and a notification, once
 * the counts have settled after loading (the first answers are not news).
 */
export function useUnreadAlerts(total: number, active: boolean, prefs: Pick<Preferences, "sounds" | "notifications">): void {
  const t = useTranslations("shell.alerts");
  const previous = useRef(total);
  const loadedAt = useRef(0);
  useEffect(() => {
    loadedAt.current = Date.now();
  }, []);
  useEffect(() => {
    const rose = total > previous.current;
    previous.current = total;
    if (!rose || active || Date.now() - loadedAt.current < SETTLE_MS || !mayAlert()) return;
    if (prefs.sounds) playChime();
    if (prefs.notifications) notify("MiniMost", t("unread", { count: total }), "minimost-unread");
  }, [total, active, prefs.sounds, prefs.notifications, t]);
}

/**
 * A mention arriving in a channel other than the open one (its count in `/channel_mentions` rising):
 * always news, even with the page in front, as Mattermost has it: `onMention` shows it in the page,
 * with a chime and a notification naming the channel. The first counts after loading are not news.
 */
export function useMentionAlerts(
  counts: Record<string, number> | undefined,
  open: string,
  titleOf: (channel: string) => string,
  prefs: Pick<Preferences, "sounds" | "notifications">,
  onMention: (channels: string[]) => void,
): void {
  const t = useTranslations("shell.alerts");
  const previous = useRef<Record<string, number> | null>(null);
  const latest = useRef({ open, titleOf, prefs, onMention, t });
  useEffect(() => {
    latest.current = { open, titleOf, prefs, onMention, t };
  });
  useEffect(() => {
    if (!counts) return;
    const before = previous.current;
    previous.current = counts;
    if (!before) return;
    const { open, titleOf, prefs, onMention, t } = latest.current;
    const rose = Object.keys(counts).filter((channel) => channel !== open && (counts[channel] ?? 0) > (before[channel] ?? 0) && mayAlert(channel, true));
    if (rose.length === 0) return;
    onMention(rose);
    if (prefs.sounds) playChime();
    if (prefs.notifications) for (const channel of rose) {
      notify(t("mentionedIn", { channel: titleOf(channel) }), t("unreadMentions", { count: counts[channel] ?? 0 }), "minimost-mention");
    }
  }, [counts]);
}

const activity = new Set<() => void>();
function subscribeActivity(listener: () => void) {
  activity.add(listener);
  if (activity.size === 1) {
    document.addEventListener("visibilitychange", fireActivity);
    window.addEventListener("focus", fireActivity);
    window.addEventListener("blur", fireActivity);
  }
  return () => {
    activity.delete(listener);
    if (activity.size === 0) {
      document.removeEventListener("visibilitychange", fireActivity);
      window.removeEventListener("focus", fireActivity);
      window.removeEventListener("blur", fireActivity);
    }
  };
}
function fireActivity() {
  for (const listener of activity) listener();
}

/** The page is in front of the person: visible and focused. */
export function pageActive(): boolean {
  return document.visibilityState === "visible" && document.hasFocus();
}

export function usePageActive(): boolean {
  return useSyncExternalStore(subscribeActivity, pageActive, () => true);
}

/** The page is visible (the channel on screen counts as read). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeActivity, () => document.visibilityState === "visible", () => true);
}
