"use client";

import { useSyncExternalStore } from "react";
import { Modal } from "./modal";

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

export function SettingsModal({ onClose, onHelp }: { onClose: () => void; onHelp?: () => void }) {
  const prefs = usePreferences();
  const blocked = typeof Notification !== "undefined" && Notification.permission === "denied";
  return (
    <Modal title="Settings" onClose={onClose}>
      <label className="mb-4 block text-sm">
        Font Size: {prefs.fontSize} px
        <input type="range" min={11} max={22} value={prefs.fontSize} onChange={(e) => savePreferences({ fontSize: Number(e.target.value) })} className="mt-1 block w-full" />
      </label>
      <fieldset className="mb-4 text-sm">
        <legend>Enter key</legend>
        <label className="mr-4"><input type="radio" checked={prefs.enterSends} onChange={() => savePreferences({ enterSends: true })} /> Send message</label>
        <label><input type="radio" checked={!prefs.enterSends} onChange={() => savePreferences({ enterSends: false })} /> New line (use Ctrl+Enter to send)</label>
      </fieldset>
      <label className="mb-2 block text-sm">
        <input type="checkbox" checked={prefs.sounds} onChange={(e) => savePreferences({ sounds: e.target.checked })} /> Notification sounds
      </label>
      <label className="block text-sm">
        <input type="checkbox" checked={prefs.notifications && !blocked} disabled={blocked} onChange={(e) => savePreferences({ notifications: e.target.checked })} /> Native OS notifications
        {blocked ? <span className="block text-xs text-muted">Blocked by browser — update site permissions to enable</span> : null}
      </label>
      {onHelp ? <button type="button" className="mt-4 text-sm underline" onClick={onHelp}>Help and keyboard shortcuts</button> : null}
    </Modal>
  );
}

const SHORTCUTS: [string, string][] = [
  ["Enter", "Send (Shift+Enter for a new line)"],
  ["i", "Focus the message box"],
  ["/ or f", "Search messages"],
  ["o", "New direct message"],
  ["Ctrl+J / Ctrl+K", "Next / previous channel"],
  ["j / k", "Scroll down / up"],
  ["d / u", "Scroll down / up by more"],
  ["G / g", "Jump to the newest / oldest message"],
  ["v", "Visual mode: select messages with the keyboard"],
  ["Ctrl+B / I / U / S", "Bold, italic, underline, strikethrough in the message box"],
  ["Ctrl+wheel", "Text size (pinch on a trackpad)"],
  ["?", "This help"],
  ["Esc", "Leave visual mode, or close dialogs and panels"],
];

const VISUAL: [string, string][] = [
  ["j / \u2193, k / \u2191", "Next / previous message"],
  ["c", "Edit (your messages)"],
  ["d d", "Delete (your messages; press d twice, then Enter to confirm)"],
  ["o", "Reply"],
  ["y", "Copy the text"],
  ["e", "React"],
  ["Esc", "Leave visual mode"],
];

function Keys({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([key, what]) => (
        <div key={key} className="contents">
          <dt><kbd className="rounded border border-border bg-raised px-1 font-mono text-xs">{key}</kbd></dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}

export function HelpModal({ maxUploadMb, maxAvatarMb, onClose }: { maxUploadMb: number; maxAvatarMb: number; onClose: () => void }) {
  return (
    <Modal title="Help" onClose={onClose} wide>
      <h3 className="mb-1 font-semibold">Keyboard shortcuts</h3>
      <Keys rows={SHORTCUTS} />
      <h3 className="mb-1 font-semibold">Visual mode</h3>
      <Keys rows={VISUAL} />
      <h3 className="mb-1 font-semibold">Text formatting</h3>
      <p className="mb-4 text-sm">**bold**, *italic*, __underline__, ~~strike~~, `code`, ```language fenced blocks```, @name to mention, @everyone for the channel.</p>
      <h3 className="mb-1 font-semibold">Files</h3>
      <p className="mb-4 text-sm">Attach, paste or drop files up to {Math.trunc(maxUploadMb)} MB; avatars up to {Math.trunc(maxAvatarMb)} MB.</p>
      <h3 className="mb-1 font-semibold">Status</h3>
      <p className="text-sm"><span className="text-presence-active">{"\u25cf"}</span> Active – Currently using the app · <span className="text-presence-idle">{"\u25cf"}</span> Idle – Away or no recent activity · <span className="text-presence-offline">{"\u25cf"}</span> Offline – Not connected. A {"\u2713"} on your own message means someone else has read it.</p>
    </Modal>
  );
}
