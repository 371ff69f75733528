/**
 * Norloges: the tribune's clock references to earlier posts ("12:34:56", "12:34:56²", "12:34^2",
 * "2024-05-01 12:34", "05/01#12:34", "12:34@general"). Pure and client-safe (no server module):
 * the web chat finds them in message text and resolves them against the messages it has loaded.
 *
 * The grammar is olcc's (spec §9.1.5), slightly widened: any superscript index (as the server's
 * renderer accepts, §5.1), board names as channel names may spell them, and no norloge glued to a
 * word or a number on either side (`a12:34`, `12:345`, `12:34h` are not references).
 *
 * Matching rules (chosen for a team chat, documented here once):
 * - a norloge points only at messages posted before the one it is written in;
 * - `HH:MM` means any message in that minute (the spec's server-side finder reads it as second :00,
 *   but a person writing "12:34" means "what was said at 12:34"); `HH:MM:SS` means that second;
 * - an index picks the n-th of those messages, oldest first (¹ = the first);
 * - without a full date it means the latest day that has a match (a month/day prefix narrows the
 *   days, any year); times are read in the tribune's time zone, as tribune clients read them;
 * - `@board` naming another channel points at nothing here.
 */

export interface Norloge {
  /** The reference exactly as written. */
  text: string;
  /** Where it starts in the text it was found in. */
  index: number;
  /** A full date (`YYYY-MM-DD`), a month and day (`MM/DD#`: year null, any year), or none. */
  date: { year: number | null; month: number; day: number } | null;
  hour: number;
  minute: number;
  /** Null for `HH:MM`: the whole minute. */
  second: number | null;
  /** The n-th (1 = oldest) of the messages in that second (or minute); null when not given. */
  nth: number | null;
  /** The board after `@`, as written; null when none is named (the one it is posted on). */
  board: string | null;
}

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

// The `:N` index only follows seconds: after `HH:MM` it could not be told from a mistyped second.
const NORLOGE =
  /(?<![\p{L}\p{N}_:])(?:(?<md>(?:1[0-2]|0[1-9])\/(?:3[01]|[12][0-9]|0[1-9]))#|(?<ymd>[0-9]{4}-(?:1[0-2]|0[1-9])-(?:3[01]|[12][0-9]|0[1-9]))[T ])?(?<h>2[0-3]|[01][0-9]):(?<m>[0-5][0-9])(?::(?<s>[0-5][0-9])(?<colon>:[1-9][0-9]?)?)?(?<nth>[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]?|\^[1-9][0-9]?)?(?:@(?<board>[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*))?(?![\p{L}\p{N}_]|:[0-9])/gu;

function indexValue(written: string): number {
  const digits = written.replace(/^[:^]/, "");
  return Number([...digits].map((c) => (SUPERSCRIPTS.includes(c) ? String(SUPERSCRIPTS.indexOf(c)) : c)).join(""));
}

/** The norloges of `text`, in order. */
export function findNorloges(text: string): Norloge[] {
  const found: Norloge[] = [];
  for (const match of text.matchAll(NORLOGE)) {
    const g = match.groups ?? {};
    const index = g.colon ?? g.nth;
    found.push({
      text: match[0],
      index: match.index,
      date: g.ymd
        ? { year: Number(g.ymd.slice(0, 4)), month: Number(g.ymd.slice(5, 7)), day: Number(g.ymd.slice(8, 10)) }
        : g.md
          ? { year: null, month: Number(g.md.slice(0, 2)), day: Number(g.md.slice(3, 5)) }
          : null,
      hour: Number(g.h),
      minute: Number(g.m),
      second: g.s === undefined ? null : Number(g.s),
      nth: index === undefined ? null : indexValue(index),
      board: g.board ?? null,
    });
  }
  return found;
}

/** A regular expression for one norloge at a time, for tokenizers that scan text themselves. */
export function norlogePattern(): RegExp {
  return new RegExp(NORLOGE.source, NORLOGE.flags);
}

/** `text` read as one norloge, or null when it is not exactly one. */
export function parseNorloge(text: string): Norloge | null {
  const [only, ...rest] = findNorloges(text);
  return only && rest.length === 0 && only.index === 0 && only.text === text ? only : null;
}

/** Wall-clock fields of a moment in a time zone. */
export interface LocalClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

function clockIn(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    const options: Intl.DateTimeFormatOptions = {
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", hourCycle: "h23",
    };
    try {
      clock = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      // A zone this browser does not know: UTC, the tribune's default, rather than no references.
      clock = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** The wall clock in `timeZone` (an IANA name) at `ts` (Unix seconds). */
export function localClock(ts: number, timeZone: string): LocalClock {
  const fields: Record<string, number> = {};
  for (const part of clockIn(timeZone).formatToParts(new Date(Math.floor(ts) * 1000))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? 0,
    month: fields.month ?? 0,
    day: fields.day ?? 0,
    hour: (fields.hour ?? 0) % 24,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
  };
}

/** A message as norloges see it: its global id (ids grow with time) and when it was posted. */
export interface ClockedMessage {
  id: number;
  ts: number;
}

interface IndexedMessage extends LocalClock {
  id: number;
}

/** Loaded messages by the minute they were posted in, for resolving norloges quickly. */
export interface NorlogeIndex {
  byMinute: ReadonlyMap<string, readonly IndexedMessage[]>;
}

const minuteKey = (hour: number, minute: number) => `${hour}:${minute}`;

/** Indexes `messages` by their wall-clock minute in `timeZone`. */
export function indexMessages(messages: readonly ClockedMessage[], timeZone: string): NorlogeIndex {
  const byMinute = new Map<string, IndexedMessage[]>();
  for (const message of [...messages].sort((a, b) => a.id - b.id)) {
    const clock = localClock(message.ts, timeZone);
    const key = minuteKey(clock.hour, clock.minute);
    const list = byMinute.get(key);
    if (list) list.push({ id: message.id, ...clock });
    else byMinute.set(key, [{ id: message.id, ...clock }]);
  }
  return { byMinute };
}

const dayKey = (c: LocalClock) => c.year * 10_000 + c.month * 100 + c.day;

/**
 * The ids (oldest first) of the indexed messages `norloge` points at, read on `board` (the open
 * channel) from the message `before` (its id: only earlier messages are targets; omit for any).
 */
export function norlogeTargets(norloge: Norloge, index: NorlogeIndex, where: { board: string; before?: number }): number[] {
  if (norloge.board !== null && norloge.board.toLowerCase() !== where.board.toLowerCase()) return [];
  const { date } = norloge;
  let matches = (index.byMinute.get(minuteKey(norloge.hour, norloge.minute)) ?? []).filter(
    (m) =>
      (where.before === undefined || m.id < where.before) &&
      (norloge.second === null || m.second === norloge.second) &&
      (!date || (m.month === date.month && m.day === date.day && (date.year === null || m.year === date.year))),
  );
  if (matches.length === 0) return [];
  if (!date || date.year === null) {
    const latest = Math.max(...matches.map(dayKey));
    matches = matches.filter((m) => dayKey(m) === latest);
  }
  if (norloge.nth !== null) {
    const picked = matches[norloge.nth - 1];
    return picked ? [picked.id] : [];
  }
  return matches.map((m) => m.id);
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const superscript = (n: number) => [...String(n)].map((d) => SUPERSCRIPTS[Number(d)]).join("");

/**
 * The norloge that points at exactly the indexed message `id`, as a reader would type it to answer it:
 * `HH:MM:SS`, with an index when others share that second (¹²³, then `^N`, which every client reads), and
 * with its date when a later day has a message at the same second. Null when `id` is not indexed.
 */
export function norlogeFor(id: number, index: NorlogeIndex): string | null {
  for (const list of index.byMinute.values()) {
    const message = list.find((m) => m.id === id);
    if (!message) continue;
    const sameSecond = list.filter((m) => m.second === message.second);
    const sameDay = sameSecond.filter((m) => dayKey(m) === dayKey(message));
    const nth = sameDay.findIndex((m) => m.id === id) + 1;
    const latestDay = Math.max(...sameSecond.map(dayKey));
    const date = dayKey(message) === latestDay ? "" : `${message.year}-${pad2(message.month)}-${pad2(message.day)}T`;
    const suffix = sameDay.length === 1 ? "" : nth <= 3 ? superscript(nth) : `^${nth}`;
    return `${date}${pad2(message.hour)}:${pad2(message.minute)}:${pad2(message.second)}${suffix}`;
  }
  return null;
}
