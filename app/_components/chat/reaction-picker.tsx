"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { REACTIONS } from "@/lib/reactions";

const label = (name: string) => name.replace(/_/g, " ");

/** The 477 reactions with a search box; Enter picks the first match, Esc closes. */
export function ReactionPicker({ onPick, onClose, title = "Add reaction" }: { onPick: (name: string) => void; onClose: () => void; title?: string }) {
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? REACTIONS.filter(([name]) => name.includes(q) || label(name).includes(q)) : REACTIONS;
  }, [query]);
  return (
    <div role="dialog" aria-label={title} className="absolute right-0 z-30 mt-1 w-72 rounded border border-border bg-surface p-2 shadow-xl">
      <input
        ref={input}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && shown[0]) {
            e.preventDefault();
            onPick(shown[0][0]);
          } else if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
        placeholder={"Search reactions\u2026"}
        aria-label="Search reactions"
        className="mb-2 w-full rounded border border-border bg-bg px-2 py-1 text-sm"
      />
      <div className="grid max-h-48 grid-cols-8 gap-1 overflow-y-auto">
        {shown.map(([name, emoji]) => (
          <button key={name} type="button" title={label(name)} aria-label={label(name)} onClick={() => onPick(name)} className="rounded p-1 text-lg hover:bg-raised">
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
