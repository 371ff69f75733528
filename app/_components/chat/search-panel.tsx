"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { getJson } from "@/lib/client/api";
import type { SearchHit } from "@/lib/chat/wire";
import { UserInput } from "./user-input";

export type { SearchHit };

interface Props {
  me: string;
  users: string[];
  /** Channel id → label, in sidebar order. */
  channels: [string, string][];
  onJump: (hit: SearchHit) => void;
}

const SNIPPET = 120;

/** Midnight (local) of a yyyy-mm-dd date input, in epoch seconds. */
const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00`).getTime() / 1000 : null);

/** The text around the first match, with every occurrence of the query marked. */
export function Snippet({ text, query }: { text: string; query: string }) {
  const q = query.trim();
  const at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
  const start = Math.max(0, at - 30);
  const piece = (start > 0 ? "\u2026" : "") + text.slice(start, start + SNIPPET) + (start + SNIPPET < text.length ? "\u2026" : "");
  if (!q) return <>{piece}</>;
  const parts: React.ReactNode[] = [];
  const lower = piece.toLowerCase();
  let from = 0;
  for (let i = lower.indexOf(q.toLowerCase()); i >= 0; i = lower.indexOf(q.toLowerCase(), i + q.length)) {
    parts.push(piece.slice(from, i), <mark key={i} className="rounded bg-mark text-inherit">{piece.slice(i, i + q.length)}</mark>);
    from = i + q.length;
  }
  parts.push(piece.slice(from));
  return <>{parts}</>;
}

/** The top bar's search: keyword, From, Channel, After/Before; live results; ↑/↓/Enter/Esc. */
export function SearchPanel({ me, users, channels, onJump }: Props) {
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [from, setFrom] = useState("");
  const [channel, setChannel] = useState("");
  const [after, setAfter] = useState("");
  const [before, setBefore] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const labels = useMemo(() => new Map(channels), [channels]);

  useEffect(() => {
    const params = new URLSearchParams();
    if (q.trim()) params.set("q", q.trim());
    if (from.trim()) params.set("from", from.trim());
    if (channel) params.set("channel", channel);
    const start = dayStart(after);
    const end = dayStart(before);
    if (start !== null) params.set("start", String(start));
    if (end !== null) params.set("end", String(end + 86400)); // Before is inclusive of its day
    if ([...params.keys()].length === 0) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      getJson<SearchHit[]>(`/search_messages?${params}`)
        .then((rows) => {
          if (cancelled) return;
          setHits(rows);
          setActive(0);
        })
        .catch(() => !cancelled && setHits([]));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q, from, channel, after, before]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const anyFilter = Boolean(q.trim() || from.trim() || channel || after || before);
  const shown = anyFilter ? (hits ?? []) : [];
  const jump = (hit: SearchHit) => {
    setOpen(false);
    onJump(hit);
  };

  return (
    <div ref={box} className="relative min-w-0 flex-1 sm:max-w-sm">
      <input
        type="search"
        id="search-input"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, shown.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter" && shown[active]) jump(shown[active]);
          else if (e.key === "Escape") {
            setOpen(false);
            (e.target as HTMLInputElement).blur();
          } else return;
          e.preventDefault();
        }}
        placeholder={"Search messages\u2026"}
        aria-label="Search messages"
        role="combobox"
        aria-expanded={open}
        aria-controls="search-results"
        className="w-full rounded border border-border bg-bg px-2 py-1 text-sm"
      />
      {open ? (
        <div className="fixed inset-x-2 top-14 z-30 rounded sm:absolute sm:inset-x-auto sm:top-auto sm:left-0 sm:mt-1 sm:w-[min(32rem,90vw)] border border-border bg-surface p-3 shadow-xl" role="region" aria-label="Search">
          <div className="mb-2 grid grid-cols-2 gap-2 text-xs">
            <div>
              <span aria-hidden>From</span>
              <UserInput value={from} onChange={setFrom} users={[me, ...users]} label="From" placeholder="anyone" className="mt-0.5" />
            </div>
            <label>
              Channel
              <select value={channel} onChange={(e) => setChannel(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5">
                <option value="">All channels</option>
                {channels.map(([id, label]) => <option key={id} value={id}>{label}</option>)}
              </select>
            </label>
            <label>
              After
              <input type="date" value={after} onChange={(e) => setAfter(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5" />
            </label>
            <label>
              Before
              <input type="date" value={before} onChange={(e) => setBefore(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5" />
            </label>
          </div>
          <ul id="search-results" role="listbox" aria-label="Search results" className="max-h-80 overflow-y-auto">
            {anyFilter && hits !== null && shown.length === 0 ? <li className="p-2 text-sm text-muted">No matching messages</li> : null}
            {shown.map((hit, i) => (
              <li key={hit.id} role="option" aria-selected={i === active}>
                <button
                  type="button"
                  onMouseEnter={() => setActive(i)}
                  onClick={() => jump(hit)}
                  className={`block w-full rounded p-2 text-left text-sm ${i === active ? "bg-raised" : ""}`}
                >
                  <span className="block text-xs text-muted">
                    {labels.get(hit.channel) ?? hit.channel} {"\u00b7"}{" "}
                    {new Date(hit.ts * 1000).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" })} {"\u00b7"}{" "}
                    {hit.sender ? <b>{hit.sender}</b> : <i>guest</i>}
                  </span>
                  <span className="block break-words">
                    <Snippet text={hit.content || "[attachment]"} query={q} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
