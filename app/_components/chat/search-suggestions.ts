/**
 * What the search box offers while an operator is typed: operator names for a word that begins one,
 * people after `from:`, the reader's channels after `in:`, today and yesterday after `before:`,
 * `after:` and `on:` (with a hint of the date format). Pure: the panel owns the state and the keys, and
 * puts the notes' keys into words (the `messages.search` catalogue).
 */
import { OPERATORS, quoteValue, type Operator } from "@/lib/chat/search-query";

/** A suggestion's note: a message of the `messages.search` catalogue, or a text as it is (a channel's label). */
export type SuggestionNote = { key: "you" | "today" | "yesterday" | `operator.${Operator}` } | { text: string };

export interface Suggestion {
  /** What the list shows (the text it puts in the box, less a trailing space). */
  label: string;
  /** A second, quieter line: what it means; null for none. */
  detail: SuggestionNote | null;
  /** Replaces the token being typed. */
  insert: string;
}

export interface SuggestionList {
  items: Suggestion[];
  /** A line shown under the list (the date format's message key); null for none. */
  hint: typeof DATE_HINT | null;
}

export interface SuggestSource {
  me: string;
  users: readonly string[];
  /** Channel id → label, in sidebar order (the panel's own prop). */
  channels: readonly (readonly [string, string])[];
  /** "Today", as a local date. */
  now: Date;
}

const MAX = 8;

const describe = (op: Operator): SuggestionNote => ({ key: `operator.${op}` });
/** The date format's hint (a `messages.search` key). */
export const DATE_HINT = "dateHint";

/** The token around the caret: from the start of its word (quotes keep spaces inside) to its end. */
export function tokenAt(text: string, caret: number): { start: number; end: number; token: string } {
  let start = 0;
  let inQuote = false;
  let prevSpace = true;
  for (let i = 0; i < caret; i++) {
    const ch = text[i]!;
    if (ch === "\\") {
      i++;
      prevSpace = false;
      continue;
    }
    if (ch === '"') inQuote = !inQuote;
    const space = !inQuote && /\s/u.test(ch);
    if (!space && prevSpace) start = i;
    if (space) start = i + 1;
    prevSpace = space;
  }
  let end = caret;
  while (end < text.length && (inQuote || !/\s/u.test(text[end]!))) {
    if (text[end] === '"') inQuote = !inQuote;
    end++;
  }
  return { start, end, token: text.slice(start, end) };
}

/** How `in:` names a channel: its name, `@user` for a DM with one other person, else its id. */
export function inValue(id: string, label: string, me: string): string {
  if (id.startsWith("dm:")) {
    const others = id.slice(3).split(":").filter((name) => name.toLowerCase() !== me.toLowerCase());
    return others.length === 1 ? `@${others[0]}` : id;
  }
  if (id.startsWith("private:")) return quoteValue(label);
  return id;
}

const localDay = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** Prefix matches first, then the rest that contain it; at most eight. */
function rank<T>(items: T[], key: (item: T) => string, typed: string): T[] {
  const q = typed.toLowerCase();
  const starts = items.filter((item) => key(item).toLowerCase().startsWith(q));
  const contains = items.filter((item) => !key(item).toLowerCase().startsWith(q) && key(item).toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, MAX);
}

/** Suggestions for the box's text with the caret at `caret`. */
export function suggest(text: string, caret: number, source: SuggestSource): SuggestionList {
  const none = { items: [], hint: null };
  if (text.trim() === "") {
    return { items: OPERATORS.map((op) => ({ label: `${op}:`, detail: describe(op), insert: `${op}:` })), hint: null };
  }
  const { token } = tokenAt(text, caret);
  if (!token || token.startsWith("-")) return none;
  const op = /^([A-Za-z]+):(.*)$/su.exec(token);
  if (!op) {
    const typed = token.toLowerCase();
    if (!/^[a-z]+$/.test(typed)) return none;
    const names = OPERATORS.filter((name) => name.startsWith(typed) && name !== typed);
    return { items: names.map((name) => ({ label: `${name}:`, detail: describe(name), insert: `${name}:` })), hint: null };
  }
  const name = op[1]!.toLowerCase() as Operator;
  const value = op[2]!.replace(/^"/, "").replace(/"$/, "");
  switch (name) {
    case "from": {
      const typed = value.replace(/^@/, "");
      const people = [...new Set([source.me, ...source.users])];
      const items = rank(people, (user) => user, typed).map((user) => ({
        label: `from:${user}`,
        detail: user === source.me ? { key: "you" as const } : null,
        insert: `from:${quoteValue(user)} `,
      }));
      return { items: items.length === 1 && items[0]!.label === token ? [] : items, hint: null };
    }
    case "in": {
      const typed = value.replace(/^[~#]/, "").replace(/^\s+/, "");
      const channels = source.channels.map(([id, label]) => ({ value: inValue(id, label, source.me), label }));
      const items = rank(channels, (c) => `${c.value.replace(/^"|"$/g, "")} ${c.label}`, typed).map((c) => ({
        label: `in:${c.value}`,
        detail: { text: c.label },
        insert: `in:${c.value} `,
      }));
      return { items: items.length === 1 && items[0]!.label === token ? [] : items, hint: null };
    }
    case "before":
    case "after":
    case "on": {
      const today = localDay(source.now);
      const yesterday = localDay(new Date(source.now.getFullYear(), source.now.getMonth(), source.now.getDate() - 1));
      const days = [
        { day: today, detail: { key: "today" as const } },
        { day: yesterday, detail: { key: "yesterday" as const } },
      ].filter((d) => d.day.startsWith(value) && d.day !== value);
      return { items: days.map((d) => ({ label: `${name}:${d.day}`, detail: d.detail, insert: `${name}:${d.day} ` })), hint: DATE_HINT };
    }
    default:
      return none;
  }
}

/** The box's text and caret once a suggestion replaced the token at `caret`. */
export function applySuggestion(text: string, caret: number, suggestion: Suggestion): { text: string; caret: number } {
  const { start, end } = tokenAt(text, caret);
  const after = suggestion.insert.endsWith(" ") ? text.slice(end).replace(/^ /, "") : text.slice(end);
  const next = text.slice(0, start) + suggestion.insert + after;
  return { text: next, caret: start + suggestion.insert.length };
}
