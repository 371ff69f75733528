"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";

/**
 * How well `query` matches `name`, lower is better, or null when its letters do not appear in order:
 * a prefix beats a match inside the name, which beats letters spread out; earlier and tighter wins.
 */
export function fuzzyScore(query: string, name: string): number | null {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (!q) return 0;
  if (n.startsWith(q)) return n.length - q.length;
  const inside = n.indexOf(q);
  if (inside >= 0) return 1000 + inside * 10 + n.length;
  let at = -1;
  let first = -1;
  for (const ch of q) {
    at = n.indexOf(ch, at + 1);
    if (at < 0) return null;
    if (first < 0) first = at;
  }
  return 2000 + first * 10 + (at - first);
}

/** The names matching `query`, best first (ties alphabetical), at most `limit`. */
export function fuzzyRank(query: string, names: readonly string[], limit = 8): string[] {
  return names
    .map((name) => ({ name, score: fuzzyScore(query, name) }))
    .filter((c): c is { name: string; score: number } => c.score !== null)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}

/**
 * A text field that completes usernames (spec §5.6): suggestions ranked fuzzily as you type, ↑/↓ to
 * choose, Enter or Tab to take one, Esc to close the list. With `multiple`, the value is a comma
 * separated list and completion works on its last name. Enter with the list closed submits.
 */
export function UserInput({
  value,
  onChange,
  users,
  label,
  placeholder,
  multiple = false,
  onSubmit,
  className = "",
}: {
  value: string;
  onChange: (value: string) => void;
  users: readonly string[];
  label: string;
  placeholder?: string;
  multiple?: boolean;
  onSubmit?: () => void;
  className?: string;
}) {
  const t = useTranslations("shell.userInput");
  const listId = useId();
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const parts = multiple ? value.split(",") : [value];
  const token = (parts.at(-1) ?? "").trim();
  const chosen = new Set(parts.slice(0, -1).map((p) => p.trim().toLowerCase()));
  const suggestions = token ? fuzzyRank(token, users.filter((u) => !chosen.has(u.toLowerCase()))) : [];
  const exact = suggestions.length === 1 && suggestions[0]?.toLowerCase() === token.toLowerCase();
  const showing = open && suggestions.length > 0 && !exact;
  const current = Math.min(active, suggestions.length - 1);

  const pick = (name: string) => {
    const next = multiple ? [...parts.slice(0, -1).map((p) => p.trim()), name].join(", ") + ", " : name;
    onChange(next);
    setOpen(false);
    setActive(0);
  };

  return (
    <div className={`relative ${className}`}>
      <input
        value={value}
        role="combobox"
        aria-label={label}
        aria-expanded={showing}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showing ? `${listId}-${current}` : undefined}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (showing && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((current + step + suggestions.length) % suggestions.length);
          } else if (showing && (e.key === "Enter" || e.key === "Tab")) {
            e.preventDefault();
            const chosen = suggestions[current];
            if (chosen !== undefined) pick(chosen);
          } else if (showing && e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation(); // closes the list, not the dialog around it
            setOpen(false);
          } else if (e.key === "Enter") {
            e.preventDefault();
            onSubmit?.();
          }
        }}
        className="w-full rounded border border-border bg-bg px-2 py-1"
      />
      {showing ? (
        <ul id={listId} role="listbox" aria-label={t("suggestions", { label })} className="absolute inset-x-0 top-full z-10 mt-1 max-h-56 overflow-y-auto rounded border border-border bg-surface py-1 text-sm shadow-xl">
          {suggestions.map((name, i) => (
            <li
              key={name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the field
                pick(name);
              }}
              className={`cursor-pointer px-2 py-0.5 ${i === current ? "bg-accent text-accent-fg" : ""}`}
            >
              {name}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
