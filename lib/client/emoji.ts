/**
 * Emoji shortcodes (`:tada:`, `:+1:`): GitHub's names from emojibase's data set (the names Slack,
 * Mattermost and GitHub users type), plus the reaction catalogue's names where GitHub has no such
 * name, so `:party:` works as the picker calls it. One table serves the formatter, the composer's `:`
 * autocomplete and the emoji-only check.
 */
import github from "emojibase-data/en/shortcodes/github.json";
import { REACTIONS } from "@/lib/reactions";

/** emojibase keys are code points in hex (`1F44D`, `1F3F3-FE0F-200D-1F308`). */
function fromHexcode(hexcode: string): string {
  const text = String.fromCodePoint(...hexcode.split("-").map((hex) => parseInt(hex, 16)));
  // A lone code point drawn as text by default (❤, ☀) needs the emoji presentation selector.
  return /^\p{Emoji_Presentation}$/u.test(text) || [...text].length > 1 ? text : `${text}\uFE0F`;
}

function buildTable(): Map<string, string> {
  const table = new Map<string, string>();
  for (const [hexcode, names] of Object.entries(github as Record<string, string | string[]>)) {
    const emoji = fromHexcode(hexcode);
    for (const name of Array.isArray(names) ? names : [names]) table.set(name, emoji);
  }
  for (const [name, emoji] of REACTIONS) if (!table.has(name)) table.set(name, emoji);
  return table;
}

/** Shortcode name (without colons) → emoji. */
export const EMOJI_BY_NAME: ReadonlyMap<string, string> = buildTable();

/** The table as a plain object, as markdown-it-emoji takes its definitions. */
export const EMOJI_DEFS: Readonly<Record<string, string>> = Object.fromEntries(EMOJI_BY_NAME);

export const emojiFor = (name: string): string | undefined => EMOJI_BY_NAME.get(name);

export interface EmojiMatch {
  name: string;
  emoji: string;
}

const NAMES = [...EMOJI_BY_NAME.keys()];
/** Reaction names first on equal footing: they are the ones this team already uses. */
const RANK = new Map(REACTIONS.map(([name], i) => [name, i]));

/**
 * Emoji whose name starts with `query` (then those containing it), the shortest names first and
 * the picker's order among reaction names; at most `limit`.
 */
export function searchEmoji(query: string, limit = 8): EmojiMatch[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const starts: string[] = [];
  const contains: string[] = [];
  for (const name of NAMES) {
    const at = name.indexOf(q);
    if (at === 0) starts.push(name);
    else if (at > 0) contains.push(name);
  }
  const order = (a: string, b: string) =>
    (RANK.get(a) ?? Infinity) - (RANK.get(b) ?? Infinity) || a.length - b.length || a.localeCompare(b);
  return [...starts.sort(order), ...contains.sort(order)].slice(0, limit).map((name) => ({ name, emoji: EMOJI_BY_NAME.get(name)! }));
}

const SHORTCODE = /:([a-z0-9_+-]+):/g;

/** `text` with every known shortcode replaced by its emoji (unknown ones stay as typed). */
export function replaceShortcodes(text: string): string {
  return text.replace(SHORTCODE, (whole, name: string) => EMOJI_BY_NAME.get(name) ?? whole);
}
