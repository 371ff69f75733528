/**
 * Checks for user-given names and free text, shared by every field that stores what a user typed.
 *
 * A name (a channel name, anything shown as a label) is one line of visible text: no control
 * character at all (C0, DEL, C1), no line or paragraph separator, no byte-order mark and no bidi
 * formatting character, since one of those in a label can reorder or hide the text around it
 * wherever the label is shown.
 *
 * Free text (messages, a bio) keeps tabs and line breaks (a browser sends a textarea's lines as
 * CRLF), and the bidi marks and isolates right-to-left writers use, which cannot reach past their
 * own paragraph; it refuses every other control character, NUL included, and the bidi embeddings
 * and overrides (U+202A–U+202E), which reorder all the text after them ("Trojan source").
 */
import { invalid } from "@/lib/errors";

// Cc: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F).
const CONTROL = "\\u0000-\\u001f\\u007f-\\u009f";
// LRM, RLM, ALM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
const BIDI_MARKS_AND_ISOLATES = "\\u200e\\u200f\\u061c\\u2066-\\u2069";
const BIDI_EMBEDDINGS_AND_OVERRIDES = "\\u202a-\\u202e";
const SEPARATORS = "\\u2028\\u2029\\ufeff";

const NAME_FORBIDDEN = new RegExp(`[${CONTROL}${BIDI_MARKS_AND_ISOLATES}${BIDI_EMBEDDINGS_AND_OVERRIDES}${SEPARATORS}]`, "u");
const TEXT_FORBIDDEN = new RegExp(`(?![\\t\\n\\r])[${CONTROL}${BIDI_EMBEDDINGS_AND_OVERRIDES}\\ufeff]`, "u");

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `value` cannot be a name, or null when it can. */
export function nameProblem(value: string): string | null {
  const bad = NAME_FORBIDDEN.exec(value);
  return bad ? `contains a control or formatting character (${codePoint(bad[0])})` : null;
}

/** Why `value` cannot be stored as free text (messages, bios), or null when it can. */
export function textProblem(value: string): string | null {
  const bad = TEXT_FORBIDDEN.exec(value);
  return bad ? `contains a control or formatting character (${codePoint(bad[0])})` : null;
}

/** Refuses bad free text: invalid `<field> contains a control or formatting character (U+…)`. */
export function checkText(field: string, value: string): string {
  const problem = textProblem(value);
  if (problem) throw invalid(`${field} ${problem}`, "plain");
  return value;
}
