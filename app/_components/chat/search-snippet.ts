/**
 * A search hit's text cut for the results pane: around the first match, on word boundaries, with
 * every match of every searched term marked (case-insensitive, as the server matches). Pure.
 */

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** Characters shown at most (ellipses aside), and how many lead up to the first match. */
export const SNIPPET_MAX = 160;
const LEAD = 40;
const ELLIPSIS = "\u2026";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every [start, end) where a term matches, merged where they touch or overlap, in text order. */
export function matchRanges(text: string, terms: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  // One pass per term, so a term inside or across another's match is found too.
  for (const term of new Set(terms.filter((t) => t.trim() !== ""))) {
    const single = new RegExp(escapeRegExp(term), "giu");
    for (const m of text.matchAll(single)) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Moves a cut off the second half of a surrogate pair, so an emoji is never split. */
const safeCut = (text: string, at: number) => (at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!) ? at - 1 : at);

/** The snippet of `content` for `terms`: whitespace runs shown as one space, `…` where it was cut. */
export function snippet(content: string, terms: readonly string[], max = SNIPPET_MAX): SnippetPart[] {
  const flat = content.replace(/\s+/gu, " ").trim();
  const ranges = matchRanges(flat, terms);
  let start = 0;
  let end = flat.length;
  if (flat.length > max) {
    const first = ranges[0] ?? [0, 0];
    if (first[0] > LEAD) {
      // Start at a word's beginning: the first one after the lead-in, or the matched word's own.
      const space = flat.indexOf(" ", first[0] - LEAD - 1);
      start = space >= 0 && space < first[0] ? space + 1 : flat.lastIndexOf(" ", first[0] - 1) + 1;
    }
    end = start + max;
    if (end < flat.length) {
      const space = flat.lastIndexOf(" ", end);
      // End before a word that would not fit, unless that would cut into the first match.
      end = space > start && space >= first[1] ? space : safeCut(flat, Math.max(end, Math.min(first[1], flat.length)));
    } else {
      end = flat.length;
    }
    start = safeCut(flat, start);
  }
  const parts: SnippetPart[] = [];
  const push = (text: string, mark: boolean) => {
    if (!text) return;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += text;
    else parts.push({ text, mark });
  };
  if (start > 0) push(ELLIPSIS, false);
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    push(flat.slice(at, Math.max(at, from)), false);
    push(flat.slice(Math.max(from, at), Math.min(to, end)), true);
    at = Math.min(to, end);
  }
  push(flat.slice(at, end), false);
  if (end < flat.length) push(ELLIPSIS, false);
  return parts;
}
