"use client";

import { useSyncExternalStore } from "react";

/** The client's settings, kept in localStorage under the reference's keys. */
export interface Preferences {
  fontSize: number;
  enterSends: boolean;
  sounds: boolean;
  notifications: boolean;
}

const DEFAULTS: Preferences = { fontSize: 14, enterSends: true, sounds: true, notifications: true };
const listeners = new Set<() => void>();
let cached: Preferences | null = null;

function read(): Preferences {
  if (cached) return cached;
  if (typeof localStorage === "undefined") return DEFAULTS;
  const size = Number(localStorage.getItem("chatFontSize"));
  cached = {
    fontSize: size >= 11 && size <= 22 ? size : DEFAULTS.fontSize,
    enterSends: localStorage.getItem("enterToSend") !== "newline",
    sounds: localStorage.getItem("notifMuted") !== "true",
    notifications: localStorage.getItem("nativeNotifEnabled") !== "false",
  };
  return cached;
}

export function savePreferences(change: Partial<Preferences>): void {
  const next = { ...read(), ...change };
  localStorage.setItem("chatFontSize", String(next.fontSize));
  localStorage.setItem("enterToSend", next.enterSends ? "send" : "newline");
  localStorage.setItem("notifMuted", String(!next.sounds));
  localStorage.setItem("nativeNotifEnabled", String(next.notifications));
  cached = next;
  for (const listener of listeners) listener();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
    () => DEFAULTS,
  );
}
