"use client";

import { AtSign, Hash, Lock } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { rankSwitcher, withRecent, type SwitcherItem } from "@/lib/client/switcher";

const RECENT_KEY = "quickSwitcherRecent";

/** Conversations opened lately in this browser, most recent first. */
export function readRecent(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : [];
  } catch {
    return [];
  }
}

/** Puts a conversation at the front of the recent list (the chat calls it whenever one opens). */
export function rememberRecent(channel: string): void {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(withRecent(readRecent(), channel)));
  } catch {
    // Storage full or refused: the switcher simply has no recent list.
  }
}

const FOCUSABLE = "input, button, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";

function KindMark({ item }: { item: SwitcherItem }) {
  const Icon = item.kind === "private" ? Lock : item.kind === "channel" ? Hash : AtSign;
  return <Icon aria-hidden="true" className="size-3.5 shrink-0" />;
}

/** The label with the matched characters marked. */
function Label({ text, matched }: { text: string; matched: readonly number[] }) {
  if (matched.length === 0) return <>{text}</>;
  const hits = new Set(matched);
  const chars = [...text];
  const parts: React.ReactNode[] = [];
  let run = "";
  let inHit = false;
  const flush = (key: number) => {
    if (run) parts.push(inHit ? <mark key={key} className="bg-transparent font-bold text-inherit underline">{run}</mark> : run);
    run = "";
  };
  // fuzzysort's indexes count UTF-16 code units: walk them the same way.
  let unit = 0;
  chars.forEach((ch, i) => {
    const hit = hits.has(unit);
    if (hit !== inHit) {
      flush(i);
      inHit = hit;
    }
    run += ch;
    unit += ch.length;
  });
  flush(chars.length);
  return <>{parts}</>;
}

/**
 * Ctrl/⌘+K: a search box over every channel, private channel, DM and person (a person opens the DM).
 * Empty, it lists recent conversations first; typed, fuzzy matches, best first. ↑/↓ move, Enter
 * opens, Esc closes; the mouse works too. Focus stays inside while it is open and returns where it
 * was when it closes without opening anything.
 */
export function QuickSwitcher({
  items,
  current,
  onPick,
  onClose,
}: {
  items: readonly SwitcherItem[];
  /** The open conversation: not lifted by recency (Enter on an empty box goes back to the previous one). */
  current: string;
  onPick: (channel: string) => void;
  onClose: () => void;
}) {
  const t = useTranslations("shell.switcher");
  const format = useFormatter();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [recent] = useState(() => readRecent().filter((c) => c !== current));
  const ranked = useMemo(() => rankSwitcher(items, query, recent), [items, query, recent]);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const restore = useRef(true);
  const id = useId();
  const at = ranked.length === 0 ? -1 : Math.min(active, ranked.length - 1);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    input.current?.focus();
    return () => {
      if (restore.current) previous?.focus?.();
    };
  }, []);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>("[aria-selected='true']")?.scrollIntoView?.({ block: "nearest" });
  }, [at]);

  const pick = (item: SwitcherItem | undefined) => {
    if (!item) return;
    restore.current = false; // the conversation opened takes the focus, not what had it before
    onPick(item.channel);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (ranked.length > 0) setActive((at + (e.key === "ArrowDown" ? 1 : -1) + ranked.length) % ranked.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      pick(ranked[at]?.item);
    } else if (e.key === "Escape") {
      e.preventDefault(); // this dialog only: visual mode and the rest stay as they are
      onClose();
    } else if (e.key === "Tab") {
      // Focus trapped: Tab cycles through what the dialog holds (the box, and anything added beside it).
      const focusable = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      e.preventDefault();
      if (focusable.length === 0) return;
      const from = focusable.indexOf(document.activeElement as HTMLElement);
      focusable[(from + (e.shiftKey ? -1 : 1) + focusable.length) % focusable.length]?.focus();
    }
  };

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center bg-black/60 p-4 pt-[12vh]" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={t("dialog")}
        onKeyDown={onKeyDown}
        className="w-full max-w-lg rounded-lg border border-border bg-surface p-3 shadow-2xl"
      >
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label={t("input")}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={at >= 0 ? optionId(at) : undefined}
          placeholder={t("placeholder")}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          className="w-full rounded border border-border bg-bg px-3 py-2 text-fg placeholder:text-muted"
        />
        <p className="mt-2 mb-1 px-1 text-xs text-muted" aria-hidden="true">
          {t("hint", { query: query.trim() ? "typed" : "empty" })}
        </p>
        <ul ref={list} id={listId} role="listbox" aria-label={t("matches")} className="max-h-[50vh] overflow-y-auto">
          {ranked.map(({ item, matched }, i) => {
            // The open conversation is being read: it is not marked, as in the sidebar.
            const unread = item.channel !== current && (item.unread > 0 || item.mentions > 0);
            return (
              <li
                key={item.channel}
                id={optionId(i)}
                role="option"
                aria-selected={i === at}
                data-channel={item.channel}
                data-unread={unread ? "true" : undefined}
                onMouseMove={() => i !== at && setActive(i)}
                onMouseDown={(e) => e.preventDefault()} // the box keeps the focus
                onClick={() => pick(item)}
                className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${i === at ? "bg-accent text-accent-fg" : ""} ${unread ? "font-semibold" : ""}`}
              >
                <KindMark item={item} />
                <span className="truncate">
                  <Label text={item.label} matched={matched} />
                </span>
                <span className="sr-only">, {t("kind", { kind: item.kind })}</span>
                {item.kind === "person" ? <span className={`text-xs ${i === at ? "" : "text-muted"}`}>{t("openDm")}</span> : null}
                {item.channel === current ? <span className={`text-xs ${i === at ? "" : "text-muted"}`}>{t("open")}</span> : null}
                {!unread ? null : item.mentions > 0 ? (
                  <span className="ml-auto rounded-full bg-mention-badge px-1.5 text-xs font-bold text-mention-badge-fg" aria-label={t("mentions", { count: item.mentions })}>
                    @{format.number(item.mentions)}
                  </span>
                ) : (
                  <span className="ml-auto rounded-full bg-badge px-1.5 text-xs font-bold text-badge-fg" aria-label={t("unread", { count: item.unread })}>
                    {format.number(item.unread)}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {ranked.length === 0 ? <p className="px-2 py-1.5 text-sm text-muted" role="status">{t("noMatches")}</p> : null}
      </div>
    </div>
  );
}
