"use client";

import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { ApiFailure, getJson } from "@/lib/client/api";
import { isEmptyQuery, parseSearchQuery } from "@/lib/chat/search-query";
import type { SearchHit } from "@/lib/chat/wire";
import { useMessageTimes } from "./format";
import { snippet } from "./search-snippet";
import { applySuggestion, suggest, type Suggestion, type SuggestionNote } from "./search-suggestions";
import { UserInput } from "./user-input";

export type { SearchHit };

interface Props {
  me: string;
  users: string[];
  /** Channel id → label, in sidebar order. */
  channels: [string, string][];
  onJump: (hit: SearchHit) => void;
}

/** Midnight (local) of a yyyy-mm-dd date input, in epoch seconds. */
const dayStart = (value: string) => (value ? new Date(`${value}T00:00:00`).getTime() / 1000 : null);

/** The reader's time zone, which the query's before:/after:/on: days are read in. */
const browserZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

/** The failure a refused channel gives (said in the page's language; other refusals are the server's words). */
const FORBIDDEN = "\u0000forbidden";

/** A hit's time: "Dec 4, 10:30 AM", "4 déc., 10:30". */
const HIT_TIME = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } as const;

/** A hit's text cut on word boundaries around the first match, every searched term marked. */
export function Snippet({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {snippet(text, terms).map((part, i) =>
        part.mark ? (
          <mark key={i} className="rounded bg-mark text-inherit">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** One quiet line of a hit's neighbour: who said what, cut by the line's width. */
function ContextLine({ line, where }: { line: NonNullable<SearchHit["context"]>["before"]; where: "before" | "after" }) {
  const t = useTranslations("messages.search");
  if (!line) return null;
  return (
    <span className="block truncate text-xs text-muted" data-context={where}>
      {t("contextLine", { sender: line.sender || t("guest"), text: line.content.replace(/\s+/gu, " ") || t("attachment") })}
    </span>
  );
}

/**
 * The top bar's search. The box takes words, "phrases", -exclusions and the from:/in:/before:/after:/on:
 * operators (parsed here as the server parses them), suggesting operators and their values as they are
 * typed (↑/↓, Enter or Tab to take one, Esc to dismiss); From, Channel, After and Before narrow further.
 * Live results with the hit terms marked and one line of context each side; ↑/↓/Enter/Esc; a click
 * or Enter jumps to the message.
 */
export function SearchPanel({ me, users, channels, onJump }: Props) {
  const t = useTranslations("messages.search");
  const times = useMessageTimes();
  const note = (detail: SuggestionNote | null) => (detail === null ? "" : "text" in detail ? detail.text : t(detail.key));
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [caret, setCaret] = useState(0);
  const [from, setFrom] = useState("");
  const [channel, setChannel] = useState("");
  const [after, setAfter] = useState("");
  const [before, setBefore] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [pick, setPick] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const pendingCaret = useRef<number | null>(null);
  const labels = useMemo(() => new Map(channels), [channels]);

  const parsed = useMemo(() => parseSearchQuery(q), [q]);
  const terms = parsed.ok ? parsed.query.terms : [];
  const problem = parsed.ok ? null : parsed.error;
  const offered = useMemo(
    () => (open && !dismissed ? suggest(q, caret, { me, users, channels, now: new Date() }) : { items: [], hint: null }),
    [open, dismissed, q, caret, me, users, channels],
  );
  const suggestions = offered.items;

  useEffect(() => {
    const params = new URLSearchParams();
    if (parsed.ok && !isEmptyQuery(parsed.query)) params.set("q", q.trim());
    if (from.trim()) params.set("from", from.trim());
    if (channel) params.set("channel", channel);
    const start = dayStart(after);
    const end = dayStart(before);
    if (start !== null) params.set("start", String(start));
    if (end !== null) params.set("end", String(end + 86400)); // Before is inclusive of its day
    if (!parsed.ok || [...params.keys()].length === 0) return;
    params.set("tz", browserZone());
    params.set("context", "1");
    let cancelled = false;
    const timer = setTimeout(() => {
      getJson<SearchHit[]>(`/search_messages?${params}`)
        .then((rows) => {
          if (cancelled) return;
          setHits(rows);
          setFailure(null);
          setActive(0);
        })
        .catch((err: unknown) => {
          if (cancelled) return;
          setHits([]);
          // The server's words for a query it refuses (a channel you cannot see, a bad zone).
          setFailure(err instanceof ApiFailure && err.status < 500 ? (err.status === 403 ? FORBIDDEN : err.message) : null);
        });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [parsed, q, from, channel, after, before]);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  // After a suggestion is taken, the caret goes to the end of what it put in.
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !input.current) return;
    input.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [q]);

  const hasQuery = parsed.ok && !isEmptyQuery(parsed.query);
  const anyFilter = Boolean(hasQuery || from.trim() || channel || after || before);
  const shown = anyFilter && parsed.ok ? (hits ?? []) : [];
  const jump = (hit: SearchHit) => {
    setOpen(false);
    onJump(hit);
  };
  const edit = (text: string, at: number) => {
    setQ(text);
    setCaret(at);
    setPick(0);
    setDismissed(false);
    setOpen(true);
  };
  const take = (suggestion: Suggestion) => {
    const next = applySuggestion(q, caret, suggestion);
    pendingCaret.current = next.caret;
    edit(next.text, next.caret);
    input.current?.focus();
  };
  const readCaret = (el: HTMLInputElement) => setCaret(el.selectionStart ?? el.value.length);

  return (
    <div ref={box} className="relative min-w-0 flex-1 sm:max-w-sm">
      <input
        ref={input}
        type="search"
        id="search-input"
        value={q}
        onChange={(e) => edit(e.target.value, e.target.selectionStart ?? e.target.value.length)}
        onSelect={(e) => readCaret(e.currentTarget)}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (suggestions.length) {
            if (e.key === "ArrowDown") setPick((p) => (p + 1) % suggestions.length);
            else if (e.key === "ArrowUp") setPick((p) => (p - 1 + suggestions.length) % suggestions.length);
            else if (e.key === "Enter" || e.key === "Tab") take(suggestions[Math.min(pick, suggestions.length - 1)]!);
            else if (e.key === "Escape") setDismissed(true);
            else return;
            e.preventDefault();
            return;
          }
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, shown.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter" && shown[active]) jump(shown[active]);
          else if (e.key === "Escape") {
            setOpen(false);
            (e.target as HTMLInputElement).blur();
          } else return;
          e.preventDefault();
        }}
        placeholder={t("placeholder")}
        aria-label={t("label")}
        aria-describedby="search-help"
        role="combobox"
        aria-expanded={open}
        aria-controls={suggestions.length ? "search-suggestions" : "search-results"}
        aria-activedescendant={
          suggestions.length ? `search-suggestion-${Math.min(pick, suggestions.length - 1)}` : open && shown[active] ? `search-hit-${active}` : undefined
        }
        aria-autocomplete="list"
        className="w-full rounded border border-border bg-bg px-2 py-1 text-sm"
      />
      {open ? (
        <div className="fixed inset-x-2 top-14 z-30 rounded md:absolute md:inset-x-auto md:top-auto md:right-0 md:mt-1 md:w-[min(32rem,90vw)] border border-border bg-surface p-3 shadow-xl" role="region" aria-label={t("region")}>
          <p id="search-help" className="mb-2 text-xs text-muted">
            {t("help")}
          </p>
          {suggestions.length ? (
            <ul id="search-suggestions" role="listbox" aria-label={t("suggestions")} className="mb-2 rounded border border-border bg-raised py-1 text-sm">
              {suggestions.map((s, i) => (
                <li
                  key={s.label}
                  id={`search-suggestion-${i}`}
                  role="option"
                  aria-selected={i === pick}
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseEnter={() => setPick(i)}
                  onClick={() => take(s)}
                  className={`cursor-pointer px-2 py-0.5 ${i === pick ? "bg-surface" : ""}`}
                >
                  <span className="font-mono">{s.label}</span>
                  {note(s.detail) ? <span className="ml-2 text-xs text-muted">{note(s.detail)}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {offered.hint ? <p className="mb-2 text-xs text-muted">{t(offered.hint)}</p> : null}
          <div className="mb-2 grid grid-cols-2 gap-2 text-xs">
            <div>
              <span aria-hidden>{t("from")}</span>
              <UserInput value={from} onChange={setFrom} users={[me, ...users]} label={t("from")} placeholder={t("anyone")} className="mt-0.5" />
            </div>
            <label>
              {t("channel")}
              <select value={channel} onChange={(e) => setChannel(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5">
                <option value="">{t("allChannels")}</option>
                {channels.map(([id, label]) => <option key={id} value={id}>{label}</option>)}
              </select>
            </label>
            <label>
              {t("after")}
              <input type="date" value={after} onChange={(e) => setAfter(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5" />
            </label>
            <label>
              {t("before")}
              <input type="date" value={before} onChange={(e) => setBefore(e.target.value)} className="mt-0.5 block w-full rounded border border-border bg-bg px-1 py-0.5" />
            </label>
          </div>
          {problem && !suggestions.length ? (
            <p role="status" className="mb-2 text-sm text-muted">
              {problem}
            </p>
          ) : null}
          <ul id="search-results" role="listbox" aria-label={t("results")} className="max-h-80 overflow-y-auto">
            {failure ? <li className="p-2 text-sm text-muted">{failure === FORBIDDEN ? t("forbidden") : failure}</li> : null}
            {anyFilter && parsed.ok && hits !== null && shown.length === 0 && !failure ? <li className="p-2 text-sm text-muted">{t("noMatch")}</li> : null}
            {shown.map((hit, i) => (
              // An option is the control itself (no button inside: nested controls confuse screen readers);
              // the box's arrows and Enter reach it through aria-activedescendant, the pointer by a click.
              <li
                key={hit.id}
                id={`search-hit-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => jump(hit)}
                className={`block w-full cursor-pointer rounded p-2 text-left text-sm ${i === active ? "bg-raised" : ""}`}
              >
                  <span className="block text-xs text-muted">
                    {labels.get(hit.channel) ?? hit.channel} {"\u00b7"}{" "}
                    {times.date(hit.ts, HIT_TIME)} {"\u00b7"}{" "}
                    {hit.sender ? <b>{hit.sender}</b> : <i>{t("guest")}</i>}
                  </span>
                  <ContextLine line={hit.context?.before ?? null} where="before" />
                  <span className="block break-words" data-snippet>
                    <Snippet text={hit.content || t("attachment")} terms={terms} />
                  </span>
                  <ContextLine line={hit.context?.after ?? null} where="after" />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
