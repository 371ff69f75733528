/**
 * The search box's language, as Mattermost has it: words and "exact phrases" that must all appear,
 * `-word` and `-"phrase"` that must not, and the operators `from:` (`from:@alice`), `in:` (a channel
 * name, `@user` for a DM, a channel id), `before:`, `after:` and `on:` (YYYY-MM-DD days in the
 * reader's time zone). Same-kind operators widen (`from:a from:b` is either sender); everything else
 * narrows. Pure and dependency-free: the server parses `?q=` with it, and the search box parses what
 * is typed with it, to suggest operators and to mark the hit terms in snippets.
 */

export const OPERATORS = ["from", "in", "before", "after", "on"] as const;
export type Operator = (typeof OPERATORS)[number];

/** What a query asks for. Texts are trimmed, case kept; terms are matched as substrings in any case. */
export interface SearchQuery {
  /** Words and phrases every hit holds. */
  terms: string[];
  /** Words and phrases no hit holds. */
  excluded: string[];
  /** Senders (without `@`), any of them. */
  from: string[];
  /** Channels as typed (`general`, `@bob`, `private:3`, a private channel's name), any of them. */
  in: string[];
  /** Days as YYYY-MM-DD: hits are strictly before every `before:` day, strictly after every `after:` day, within every `on:` day. */
  before: string[];
  after: string[];
  on: string[];
}

export type SearchQueryResult = { ok: true; query: SearchQuery } | { ok: false; error: string };

/** Longest query taken, in characters, and most words plus operators in one. */
export const QUERY_MAX_CHARS = 1000;
export const QUERY_MAX_PARTS = 32;

/** An operator-looking token: letters, a colon, then something other than `//` (so `https://…` stays text). */
const OPERATOR_RE = /^([A-Za-z]+):(?!\/\/)/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const emptyQuery = (): SearchQuery => ({ terms: [], excluded: [], from: [], in: [], before: [], after: [], on: [] });

export const isEmptyQuery = (q: SearchQuery) => Object.values(q).every((list: string[]) => list.length === 0);

/** A token as read: its text with escapes and quotes resolved, and whether any of it was quoted or escaped. */
interface Token {
  raw: string;
  text: string;
  /** Offset of the first character of `text` taken literally (quoted or escaped), or -1. */
  literalFrom: number;
  /** The token began with `-` outside quotes. */
  negated: boolean;
  /** The text was one quoted phrase (`"a b"` or `-"a b"`). */
  phrase: boolean;
}

const isSpace = (ch: string) => /\s/u.test(ch);

/** Splits on unquoted whitespace; `"…"` groups (an unclosed quote runs to the end), `\` takes the next character literally. */
function tokenize(input: string): Token[] {
  const chars = [...input];
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && isSpace(chars[i]!)) i++;
    if (i >= chars.length) break;
    const start = i;
    let text = "";
    let literalFrom = -1;
    let negated = false;
    let quotedParts = 0;
    let unquotedChars = 0;
    if (chars[i] === "-" && i + 1 < chars.length && !isSpace(chars[i + 1]!)) {
      negated = true;
      i++;
    }
    while (i < chars.length && !isSpace(chars[i]!)) {
      const ch = chars[i]!;
      if (ch === "\\" && i + 1 < chars.length) {
        if (literalFrom < 0) literalFrom = [...text].length;
        text += chars[i + 1];
        unquotedChars++;
        i += 2;
      } else if (ch === '"') {
        if (literalFrom < 0) literalFrom = [...text].length;
        quotedParts++;
        i++;
        while (i < chars.length && chars[i] !== '"') {
          if (chars[i] === "\\" && i + 1 < chars.length) i++;
          text += chars[i];
          i++;
        }
        i++; // the closing quote, if any
      } else {
        text += ch;
        unquotedChars++;
        i++;
      }
    }
    const raw = chars.slice(start, i).join("");
    tokens.push({ raw, text, literalFrom, negated, phrase: quotedParts === 1 && unquotedChars === 0 });
  }
  return tokens;
}

/** Whether a YYYY-MM-DD string names a real calendar day. */
export function isCalendarDay(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1970 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Collapses runs of whitespace inside a phrase (a pasted line break still finds the words). */
const tidy = (text: string) => text.replace(/\s+/gu, " ").trim();

const addUnique = (list: string[], value: string) => {
  if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
};

/**
 * Parses what was typed in the search box. Refused, with a message a person can act on: an unknown
 * operator (`to:bob`), an operator without a value (`from:`), a date that is not a YYYY-MM-DD day,
 * `-from:`-style exclusions of operators, and queries over the size limits. To search for text that
 * looks like an operator, quote it (`"re:draft"`) or escape its colon (`re\:draft`).
 */
export function parseSearchQuery(input: string): SearchQueryResult {
  if ([...input].length > QUERY_MAX_CHARS) return { ok: false, error: `the search is too long (at most ${QUERY_MAX_CHARS} characters)` };
  // Control characters never appear in a typed search; they would only split or hide a term.
  const clean = input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
  const tokens = tokenize(clean);
  if (tokens.length > QUERY_MAX_PARTS) return { ok: false, error: `the search has too many parts (at most ${QUERY_MAX_PARTS} words and operators)` };
  const query = emptyQuery();
  for (const token of tokens) {
    const op = OPERATOR_RE.exec(token.text);
    // An operator is only an operator if its name and colon were typed plainly.
    const name = op?.[1]!.toLowerCase() ?? "";
    const known = (OPERATORS as readonly string[]).includes(name);
    // An unknown word with a bare colon ("note:") is text; with a value ("to:bob") it is a mistyped operator.
    if (op && (token.literalFrom < 0 || token.literalFrom > op[1]!.length) && (known || token.text.length > op[0].length)) {
      const value = tidy(token.text.slice(op[0].length));
      if (!known) {
        return { ok: false, error: `unknown search operator "${op[1]}:" (use from:, in:, before:, after: or on:; quote text that contains a colon)` };
      }
      if (token.negated) return { ok: false, error: `"-${name}:" is not supported: only words and "phrases" can be excluded` };
      const operator = name as Operator;
      if (!value) return { ok: false, error: `${operator}: needs a value right after the colon (${example(operator)})` };
      switch (operator) {
        case "from": {
          const user = value.replace(/^@/, "");
          if (!user) return { ok: false, error: `from: needs a username (${example("from")})` };
          addUnique(query.from, user);
          break;
        }
        case "in":
          if (/^[@~]$/.test(value)) return { ok: false, error: `in: needs a channel name or @user (${example("in")}, in:@bob)` };
          addUnique(query.in, value);
          break;
        default:
          if (!isCalendarDay(value)) return { ok: false, error: `${operator}: takes a date as YYYY-MM-DD (${example(operator)}), not "${value}"` };
          addUnique(query[operator], value);
      }
      continue;
    }
    const text = token.phrase ? tidy(token.text) : token.text;
    if (!text) continue; // an empty phrase asks for nothing
    addUnique(token.negated ? query.excluded : query.terms, text);
  }
  return { ok: true, query };
}

const example = (operator: Operator) =>
  ({ from: "from:alice", in: "in:general", before: "before:2026-12-01", after: "after:2026-12-01", on: "on:2026-12-01" })[operator];

/** Quotes a value for the box when it would not survive as one plain token. */
export function quoteValue(value: string): string {
  return /[\s"\\]/u.test(value) || value === "" ? `"${value.replace(/["\\]/g, (ch) => "\\" + ch)}"` : value;
}

// Days and time zones.

const OFFSET_RE = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Minutes east of UTC for a fixed offset (`+02:00`, `-0530`, `UTC+1`, `Z`), or null if it is not one. */
function fixedOffset(zone: string): number | null {
  if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = OFFSET_RE.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** Whether a time zone is usable: an IANA name the platform knows, or a fixed offset. */
export function isTimeZone(zone: string): boolean {
  if (fixedOffset(zone) !== null) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC in an IANA zone at an instant, read from the platform's time-zone database. */
function zoneOffsetAt(zone: string, epochMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(epochMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** Epoch seconds at which a YYYY-MM-DD day begins in a zone (the first instant of that local date). */
export function dayStart(day: string, zone: string): number {
  const m = DATE_RE.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const fixed = fixedOffset(zone);
  if (fixed !== null) return (utcMidnight - fixed * 60000) / 1000;
  // Local midnight is UTC midnight minus the offset in force then; a second look settles a DST change.
  let guess = utcMidnight - zoneOffsetAt(zone, utcMidnight) * 60000;
  guess = utcMidnight - zoneOffsetAt(zone, guess) * 60000;
  return guess / 1000;
}

/** The next calendar day of a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  const m = DATE_RE.exec(day)!;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
}

/**
 * The time range a query's days allow, in epoch seconds: `start` inclusive, `end` exclusive, each
 * undefined when unbounded. `after:D` starts at the day after D, `before:D` ends where D begins,
 * `on:D` is D itself; several narrow together (an impossible mix gives start >= end).
 */
export function dayRange(query: Pick<SearchQuery, "before" | "after" | "on">, zone: string): { start?: number; end?: number } {
  const starts = [...query.after.map((d) => dayStart(nextDay(d), zone)), ...query.on.map((d) => dayStart(d, zone))];
  const ends = [...query.before.map((d) => dayStart(d, zone)), ...query.on.map((d) => dayStart(nextDay(d), zone))];
  return {
    start: starts.length ? Math.max(...starts) : undefined,
    end: ends.length ? Math.min(...ends) : undefined,
  };
}
