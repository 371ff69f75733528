"use client";

import { useEffect, useRef } from "react";
import { savePreferences } from "./preferences";

/** What a visual-mode key asks of the selected message. */
export type VisualCommand = "delete" | "edit" | "reply" | "copy" | "react";

export interface ShortcutActions {
  focusComposer: () => void;
  focusSearch: () => void;
  newDm: () => void;
  help: () => void;
  /** Ctrl/⌘+K: open the quick switcher (or close it when open). */
  quickSwitch: () => void;
  /** Next (+1) or previous (-1) sidebar entry, wrapping. */
  step: (delta: number) => void;
  scroll: (by: number | "top" | "bottom") => void;
  /** The selected message in visual mode, or null outside it. */
  visual: number | null;
  setVisual: (id: number | null) => void;
  onVisual: (id: number, command: VisualCommand) => void;
  /** Esc outside visual mode: close every dialog and panel. */
  closeAll: () => void;
}

/** Message rows on screen, oldest first (system notices cannot be selected). */
export function selectableIds(): number[] {
  return [...document.querySelectorAll<HTMLElement>("[data-testid='message-list'] article[data-message-id]")].map((el) => Number(el.dataset.messageId));
}

/** The message box of the open channel takes the keyboard (`i`, and replying from visual mode). */
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>("textarea[data-composer='channel']")?.focus();
}

const VISUAL_KEYS: Record<string, VisualCommand> = { d: "delete", c: "edit", o: "reply", y: "copy", e: "react" };

const inField = (target: EventTarget | null) =>
  !!(target as HTMLElement | null)?.closest?.("input, textarea, select, [contenteditable=true], [role=dialog]");

const inDialog = (target: EventTarget | null) => !!(target as HTMLElement | null)?.closest?.("[role=dialog]");

/**
 * The reference's keys (spec §5.8). Outside fields: i, / or f, o, ?, j/k, d/u, g/G, v. Anywhere:
 * Ctrl/⌘+K opens the quick switcher, as in Mattermost and Slack (it took the reference's "previous
 * channel"); Alt+↑/↓ move to the previous/next channel, as in Mattermost (outside dialogs, where the
 * arrows are the dialog's). Visual mode selects the newest message: j/↓ and k/↑ move, d deletes,
 * c edits, o replies, y copies, e reacts, Esc leaves. Esc anywhere else blurs and closes dialogs and panels.
 */
export function useShortcuts(actions: ShortcutActions): void {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = ref.current;
      if (e.key === "Escape") {
        if (e.defaultPrevented) return; // a field or picker used it (closing a suggestion list, cancelling an edit)
        if (a.visual !== null) a.setVisual(null);
        else {
          (document.activeElement as HTMLElement | null)?.blur?.();
          a.closeAll();
        }
        return;
      }
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault(); // the browser's own Ctrl+K (its search bar) would take the focus away
        a.quickSwitch();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
        if (e.defaultPrevented || inDialog(e.target)) return; // a suggestion list or dialog used the arrow
        e.preventDefault();
        a.step(e.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || inField(e.target)) return;
      if (a.visual !== null) {
        const ids = selectableIds();
        const at = ids.indexOf(a.visual);
        const move = e.key === "j" || e.key === "ArrowDown" ? 1 : e.key === "k" || e.key === "ArrowUp" ? -1 : 0;
        if (move) {
          e.preventDefault();
          if (at < 0) a.setVisual(ids.at(-1) ?? null);
          else a.setVisual(ids[Math.max(0, Math.min(ids.length - 1, at + move))] ?? null);
          return;
        }
        if (e.key === "v") {
          e.preventDefault();
          a.setVisual(null);
          return;
        }
        const command = VISUAL_KEYS[e.key];
        if (command) {
          e.preventDefault();
          a.onVisual(a.visual, command);
        }
        return;
      }
      const keys: Record<string, () => void> = {
        i: a.focusComposer,
        "/": a.focusSearch,
        f: a.focusSearch,
        o: a.newDm,
        "?": a.help,
        j: () => a.scroll(200),
        k: () => a.scroll(-200),
        d: () => a.scroll(400),
        u: () => a.scroll(-400),
        G: () => a.scroll("bottom"),
        g: () => a.scroll("top"),
        v: () => a.setVisual(selectableIds().at(-1) ?? null),
      };
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

export const FONT_MIN = 11;
export const FONT_MAX = 22;

/** The font size after a Ctrl/⌘+wheel (or trackpad pinch) step: deltaY × 0.05, clamped, one decimal. */
export function zoomedFontSize(current: number, deltaY: number): number {
  const next = Math.min(FONT_MAX, Math.max(FONT_MIN, current - deltaY * 0.05));
  return Math.round(next * 10) / 10;
}

/**
 * Ctrl/⌘+wheel and pinch over the conversation change the chat's font size instead of zooming the
 * page (kept in settings); elsewhere the browser's own zoom still works.
 */
export function useWheelFontSize(fontSize: number): void {
  const size = useRef(fontSize);
  useEffect(() => {
    size.current = fontSize;
  }, [fontSize]);
  useEffect(() => {
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      if (!(e.target as Element | null)?.closest?.("main")) return;
      e.preventDefault();
      const next = zoomedFontSize(size.current, e.deltaY);
      if (next !== size.current) {
        size.current = next;
        savePreferences({ fontSize: next });
      }
    };
    window.addEventListener("wheel", onWheel, { passive: false });
    return () => window.removeEventListener("wheel", onWheel);
  }, []);
}
