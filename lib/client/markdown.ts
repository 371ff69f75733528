/**
 * The message parser: markdown-it (CommonMark + GFM tables and strikethrough, linkify) with
 * markdown-it-emoji for `:shortcodes:`, one instance for the whole page. It yields markdown-it's token
 * stream; app/_components/chat/format.tsx turns it into React elements (mention pills, norloges and the
 * code block component live there). Raw HTML is off: `<b>` is text, except tribune tags in posts made
 * from a coincoin (spec §5.2), read by a rule of our own.
 */
import markdownIt, { type MarkdownIt, type StateCore, type StateInline, type Token } from "markdown-it";
import { bare as emojiPlugin } from "markdown-it-emoji";
import { EMOJI_DEFS } from "./emoji";

export type { Token };

export interface ParseOptions {
  /** A tribune post: inline markup only (coincoins have no blocks), and the tribune's tags. */
  tribune?: boolean;
}

const TRIBUNE_TAG = /^<(b|i|u|s|tt|code|m)>/;

/**
 * `<b> <i> <u> <s> <m>` hold markup, `<tt>` and `<code>` hold text; an unclosed tag runs to the end
 * of the text, as the tribune's renderer closes it.
 */
function tribuneTag(state: StateInline, silent: boolean): boolean {
  if (!(state.env as ParseOptions | undefined)?.tribune || state.src.charCodeAt(state.pos) !== 0x3c) return false;
  const open = TRIBUNE_TAG.exec(state.src.slice(state.pos, state.pos + 7));
  if (!open) return false;
  const tag = open[1]!;
  const start = state.pos + open[0].length;
  const close = `</${tag}>`;
  const found = state.src.indexOf(close, start);
  const closed = found >= 0 && found + close.length <= state.posMax;
  const end = closed ? found : state.posMax;
  if (!silent) {
    if (tag === "tt" || tag === "code") {
      const token = state.push("code_inline", "code", 0);
      token.markup = "tribune";
      token.content = state.src.slice(start, end);
    } else {
      state.push("tribune_open", tag, 1);
      const max = state.posMax;
      state.pos = start;
      state.posMax = end;
      state.md.inline.tokenize(state);
      state.posMax = max;
      state.push("tribune_close", tag, -1);
    }
  }
  state.pos = closed ? end + close.length : end;
  return true;
}

const CHECKBOX = /^\[([ xX])\][ \t]/;

/** GFM task lists: `- [ ] todo` / `- [x] done` mark their item (`meta.task`), the box leaves the text. */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.type !== "list_item_open" || tokens[i + 1]!.type !== "paragraph_open" || tokens[i + 2]!.type !== "inline") continue;
    const inline = tokens[i + 2]!;
    const first = inline.children?.[0];
    const box = first?.type === "text" ? CHECKBOX.exec(first.content) : null;
    if (!first || !box) continue;
    tokens[i]!.meta = { task: box[1] !== " " };
    first.content = first.content.slice(box[0].length);
  }
}

const LINK_SCHEMES = /^(?:https?:\/\/|mailto:)/i;

function createParser(): MarkdownIt {
  const md = markdownIt("default", { html: false, linkify: true, typographer: false, breaks: false });
  // `&amp;` shows as typed, as the reference escapes and never decodes user text.
  md.disable("entity");
  // Backslashes too: the reference had no escapes, and `¯\_(ツ)_/¯` (what /shrug posts) or `\o/` show as typed.
  md.disable("escape");
  // Bare `www.` addresses link as the reference's do (the renderer drops other scheme-less matches:
  // `config.py` is a file name, not Paraguay). Addresses are never guessed from e-mail addresses.
  md.linkify.set({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false });
  const normalize = md.linkify.normalize.bind(md.linkify);
  md.linkify.normalize = (match) => {
    normalize(match);
    if (!match.schema) match.url = match.url.replace(/^http:\/\//, "https://");
  };
  // Links only to the web, mail, or this server's files; anything else (javascript:, data:) stays text.
  md.validateLink = (url) => LINK_SCHEMES.test(url.trim()) || /^\/files\/[^/]/.test(url.trim());
  md.use(emojiPlugin, { defs: EMOJI_DEFS, shortcuts: {} });
  md.inline.ruler.before("emphasis", "tribune_tag", tribuneTag);
  md.core.ruler.after("inline", "task_lists", taskLists);
  return md;
}

const md = createParser();

/** Parses are cached by text: a channel renders the same messages again on every poll. */
const CACHE_SIZE = 2000;
const cache = new Map<string, Token[]>();

/** The token stream of a message (block tokens; inline content in each `inline` token's children). */
export function parseMessage(text: string, options: ParseOptions = {}): Token[] {
  const key = `${options.tribune ? "t" : "m"}${text}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const env: Record<string, unknown> = { tribune: options.tribune === true };
  const tokens = options.tribune ? md.parseInline(text, env) : md.parse(text, env);
  cache.set(key, tokens);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return tokens;
}
