"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { REACTIONS } from "@/lib/reactions";

const label = (name: string) => name.replace(/_/g, " ");

/**
 * The 477 reactions with a search box; Enter picks the first match, Esc closes. The composer's emoji
 * button uses it too, with its own title, search label and position. The reactions' names are their
 * shortcodes (what `:name:` types), the same in every language.
 */
export function ReactionPicker({
  onPick,
  onClose,
  title: titleProp,
  searchLabel: searchLabelProp,
  position = "right-0 mt-1",
}: {
  onPick: (name: string) => void;
  onClose: () => void;
  title?: string;
  searchLabel?: string;
  position?: string;
}) {
  const t = useTranslations("messages.reactions");
  const title = titleProp ?? t("title");
  const searchLabel = searchLabelProp ?? t("search");
  const [query, setQuery] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? REACTIONS.filter(([name]) => name.includes(q) || label(name).includes(q)) : REACTIONS;
  }, [query]);
  return (
    <div role="dialog" aria-label={title} className={`absolute ${position} z-30 w-72 rounded border border-border bg-surface p-2 shadow-xl`}>
      <input
        ref={input}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && shown[0]) {
            e.preventDefault();
            onPick(shown[0][0]);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
        placeholder={t("searchPlaceholder", { label: searchLabel })}
        aria-label={searchLabel}
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
