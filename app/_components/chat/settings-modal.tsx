"use client";

import { Modal } from "./modal";
import { savePreferences, usePreferences } from "./preferences";

/** The client's own settings (kept in this browser): text size, Enter, sounds, desktop notifications. */
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
