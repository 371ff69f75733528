"use client";

import { Modal } from "./modal";

const SHORTCUTS: [string, string][] = [
  ["Ctrl+K / \u2318K", "Quick switcher: find a channel, conversation or person (anywhere, even while typing)"],
  ["Alt+\u2193 / Alt+\u2191", "Next / previous channel (anywhere but in a dialog)"],
  ["i", "Focus the message box"],
  ["/ or f", "Search messages"],
  ["o", "New direct message"],
  ["j / k", "Scroll down / up"],
  ["d / u", "Scroll down / up by more"],
  ["G / g", "Jump to the newest / oldest message"],
  ["v", "Visual mode: select messages with the keyboard"],
  ["Ctrl+wheel", "Text size (pinch on a trackpad)"],
  ["?", "This help"],
  ["Esc", "Leave visual mode, or close dialogs and panels"],
];

const COMPOSER: [string, string][] = [
  ["Enter", "Send (Shift+Enter for a new line); with \u201cNew line\u201d in Settings, Ctrl+Enter or \u2318Enter sends"],
  ["Ctrl+B / I / U / S", "Bold, italic, underline, strikethrough"],
  ["\u2193 / \u2191, Tab or Enter", "In a suggestion list (@name, :emoji:, /command): move, then pick"],
  ["Esc", "Close a suggestion list; cancel an edit"],
  ["Ctrl+Enter", "Save an edit"],
];

const SWITCHER: [string, string][] = [
  ["\u2193 / \u2191", "Move through the matches (recent conversations first while the box is empty)"],
  ["Enter", "Open the selected one (a person opens your DM with them)"],
  ["Esc", "Close, back where you were"],
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

/** Keys, formatting, file limits and what the presence dots mean. */
export function HelpModal({ maxUploadMb, maxAvatarMb, onClose }: { maxUploadMb: number; maxAvatarMb: number; onClose: () => void }) {
  return (
    <Modal title="Help" onClose={onClose} wide>
      <h3 className="mb-1 font-semibold">Keyboard shortcuts</h3>
      <Keys rows={SHORTCUTS} />
      <h3 className="mb-1 font-semibold">In the message box</h3>
      <Keys rows={COMPOSER} />
      <h3 className="mb-1 font-semibold">Quick switcher (Ctrl+K)</h3>
      <Keys rows={SWITCHER} />
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
