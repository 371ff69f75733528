"use client";

/**
 * The composer's `:` autocomplete: typing `:` and two characters of a shortcode (`:ta`) lists matching
 * emoji; ↑/↓ move, Enter or Tab insert the emoji in place of what was typed, Esc closes the list until
 * the text changes. A click inserts too. Names come from lib/client/emoji.ts, as the formatter's.
 */
import { useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { useTranslations } from "use-intl";
import { searchEmoji, type EmojiMatch } from "@/lib/client/emoji";

/** A shortcode being typed just before the caret: after a space or at the start, 2+ name characters. */
const SHORTCODE_AT_CARET = /(?:^|[\s(])(:([a-z+-][a-z0-9_+-]+))$/i;

/** The shortcode being typed before `caret`: where its `:` is and what follows it, or null. */
export function shortcodeAt(text: string, caret: number): { start: number; query: string } | null {
  const match = SHORTCODE_AT_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[1]!.length, query: match[2]! };
}

interface Suggesting {
  start: number;
  caret: number;
  query: string;
  active: number;
}

export interface EmojiSuggest {
  /** Call from the box's onChange with the new text and caret. */
  update: (text: string, caret: number) => void;
  /** Call first in the box's onKeyDown: true when the key was the list's (the caller then stops). */
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  /** The list, or null when there is nothing to suggest. */
  list: ReactNode;
}

export function useEmojiSuggest(input: RefObject<HTMLTextAreaElement | null>, text: string, setText: (text: string) => void): EmojiSuggest {
  const t = useTranslations("shell.composer");
  const [state, setState] = useState<Suggesting | null>(null);
  const matches: EmojiMatch[] = state ? searchEmoji(state.query, 8) : [];
  const open = state !== null && matches.length > 0;
  const active = state ? Math.min(state.active, matches.length - 1) : 0;

  const update = (value: string, caret: number) => {
    const found = shortcodeAt(value, caret);
    setState(found ? { ...found, caret, active: found.query === state?.query ? state.active : 0 } : null);
  };

  const insert = (match: EmojiMatch) => {
    if (!state) return;
    const before = `${text.slice(0, state.start)}${match.emoji} `;
    setText(before + text.slice(state.caret));
    setState(null);
    const el = input.current;
    if (el) {
      el.focus();
      requestAnimationFrame(() => el.setSelectionRange(before.length, before.length));
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open || e.nativeEvent.isComposing) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setState({ ...state, active: (active + step + matches.length) % matches.length });
      return true;
    }
    if ((e.key === "Enter" && !e.shiftKey) || e.key === "Tab") {
      e.preventDefault();
      insert(matches[active]!);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      setState(null);
      return true;
    }
    return false;
  };

  const list = open ? (
    <ul role="listbox" aria-label={t("emojiSuggestions")} className="mb-2 max-w-xs rounded border border-border bg-raised py-1 text-sm">
      {matches.map((match, i) => (
        <li key={match.name} role="option" aria-selected={i === active}>
          <button
            type="button"
            tabIndex={-1}
            onMouseDown={(e) => {
              e.preventDefault();
              insert(match);
            }}
            className={`flex w-full items-center gap-2 px-2 py-0.5 text-left ${i === active ? "bg-accent text-accent-fg" : ""}`}
          >
            <span aria-hidden="true" className="text-lg leading-none">{match.emoji}</span>
            <span>:{match.name}:</span>
          </button>
        </li>
      ))}
    </ul>
  ) : null;

  return { update, onKeyDown, list };
}
