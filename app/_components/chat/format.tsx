/**
 * Message text → React nodes (spec §5.3): fenced code blocks with a language label, inline code,
 * **bold**, __underline__, ~~strike~~, *italic*, autolinks, @mention pills and norloges (tribune
 * clock references, never inside code or a link); in posts made from a coincoin, the tribune's own
 * tags too (`<b> <i> <u> <s> <tt> <code> <m>`, spec §5.2). Only React elements are produced: user text
 * is never interpreted as HTML.
 */
import { Fragment, type ReactNode } from "react";
import { norlogePattern, parseNorloge } from "@/lib/chat/norloges";
import { mentionPattern } from "@/lib/mentions";
import { CodeBlock } from "./code-block";
import { NorlogeRef } from "./norloge";

export const MAX_CODE_BLOCK = 50_000;

export interface FormatContext {
  /** Known usernames, lower-cased: `@name` pills only for real users. */
  users: ReadonlySet<string>;
  me: string;
  /** The id of the message being formatted: its norloges point only at earlier messages. */
  messageId?: number;
  /** A tribune post (made from a coincoin): its tribune tags are markup, as coincoins show them. */
  tribune?: boolean;
}

const FENCE = /```([A-Za-z0-9_+#.-]*)[ \t]*\n?([\s\S]*?)```/g;

interface InlineRule {
  name: "code" | "tribune" | "bold" | "underline" | "strike" | "italic" | "url" | "norloge" | "mention";
  re: RegExp;
}

// Order matters on ties: the first rule wins when two match at the same place.
const RULES: InlineRule[] = [
  { name: "code", re: /`([^`\n]+)`/g },
  // Tribune posts only. An unclosed tag runs to the end of the text, as the tribune's renderer closes it.
  { name: "tribune", re: /<(b|i|u|s|tt|code|m)>([\s\S]*?)(?:<\/\1>|$)/g },
  { name: "bold", re: /\*\*(?=\S)([\s\S]*?\S)\*\*/g },
  // `__` neither opens nor closes inside a word (identifiers such as `__init` or `a__b` stay as typed).
  { name: "underline", re: /(?<!\w)__(?=\S)([\s\S]*?\S)__(?!\w)/g },
  { name: "strike", re: /~~(?=\S)([\s\S]*?\S)~~/g },
  { name: "italic", re: /\*(?=[^\s*])([^*]*?[^\s*])\*/g },
  { name: "url", re: /\b(?:https?:\/\/|www\.)[^\s<>"'`]+[^\s<>"'`.,:;!?)\]}]/g },
  // Inside code or a URL a clock is not a reference: those rules match first and swallow it.
  { name: "norloge", re: norlogePattern() },
  // The server's rule for what counts as a mention (not inside an address, URL or path), so a pill
  // shows exactly where a mention was stored.
  { name: "mention", re: mentionPattern() },
];

function earliest(text: string, from: number, ctx: FormatContext) {
  let best: { rule: InlineRule; match: RegExpExecArray } | null = null;
  for (const rule of RULES) {
    if (rule.name === "tribune" && !ctx.tribune) continue;
    rule.re.lastIndex = from;
    const match = rule.re.exec(text);
    if (match && (!best || match.index < best.match.index)) best = { rule, match };
  }
  return best;
}

export function safeHref(raw: string): string | null {
  const href = raw.startsWith("www.") ? `https://${raw}` : raw;
  try {
    const url = new URL(href);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

function inline(text: string, ctx: FormatContext, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  let n = 0;
  while (at < text.length) {
    const found = earliest(text, at, ctx);
    if (!found) break;
    const { rule, match } = found;
    if (match.index > at) out.push(text.slice(at, match.index));
    const key = `${keyPrefix}-${n++}`;
    const inner = match[1] ?? match[0];
    switch (rule.name) {
      case "code":
        out.push(<code key={key} className="rounded bg-raised px-1 font-mono text-[0.9em]">{inner}</code>);
        break;
      case "tribune":
        out.push(tribuneTag(match[1]!, match[2] ?? "", ctx, key));
        break;
      case "bold":
        out.push(<strong key={key}>{inline(inner, ctx, key)}</strong>);
        break;
      case "underline":
        out.push(<u key={key}>{inline(inner, ctx, key)}</u>);
        break;
      case "strike":
        out.push(<s key={key}>{inline(inner, ctx, key)}</s>);
        break;
      case "italic":
        out.push(<em key={key}>{inline(inner, ctx, key)}</em>);
        break;
      case "url": {
        const href = safeHref(match[0]);
        out.push(
          href ? (
            <a key={key} href={href} target="_blank" rel="noopener noreferrer" className="text-accent underline break-all">
              {match[0]}
            </a>
          ) : (
            match[0]
          ),
        );
        break;
      }
      case "norloge": {
        const norloge = parseNorloge(match[0]);
        out.push(norloge ? <NorlogeRef key={key} norloge={norloge} from={ctx.messageId} /> : match[0]);
        break;
      }
      case "mention": {
        const name = inner.toLowerCase();
        const everyone = name === "everyone";
        if (everyone || ctx.users.has(name)) {
          const mine = name === ctx.me.toLowerCase();
          out.push(
            <span key={key} className={`mention rounded px-1 font-medium ${mine || everyone ? "mention-me bg-mention-bg text-mention-fg" : "bg-mention-other-bg text-mention-other"}`}>
              @{inner}
            </span>,
          );
        } else {
          out.push(match[0]);
        }
        break;
      }
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** One tribune tag and what it holds; inside `<code>` and `<tt>` nothing is markup. */
function tribuneTag(tag: string, inner: string, ctx: FormatContext, key: string): ReactNode {
  const code = <code key={key} className="rounded bg-raised px-1 font-mono text-[0.9em]">{inner}</code>;
  switch (tag) {
    case "b": return <strong key={key}>{inline(inner, ctx, key)}</strong>;
    case "i": return <em key={key}>{inline(inner, ctx, key)}</em>;
    case "u": return <u key={key}>{inline(inner, ctx, key)}</u>;
    case "s": return <s key={key}>{inline(inner, ctx, key)}</s>;
    // A "moment", as every coincoin shows it.
    case "m": return <Fragment key={key}>{"====> "}<strong>Moment {inline(inner, ctx, key)}</strong>{" <===="}</Fragment>;
    default: return code;
  }
}

/** The formatted body of a message. */
export function formatMessage(text: string, ctx: FormatContext): ReactNode {
  const parts: ReactNode[] = [];
  let at = 0;
  let n = 0;
  FENCE.lastIndex = 0;
  for (let match = FENCE.exec(text); match; match = FENCE.exec(text)) {
    // Both groups always take part in a match (possibly empty).
    const [whole, language = "", body = ""] = match;
    if (body.length > MAX_CODE_BLOCK) continue;
    if (match.index > at) parts.push(<Fragment key={`t${n}`}>{inline(text.slice(at, match.index), ctx, `t${n}`)}</Fragment>);
    parts.push(<CodeBlock key={`c${n}`} language={language} code={body.replace(/\n$/, "")} />);
    at = match.index + whole.length;
    n++;
  }
  if (at < text.length) parts.push(<Fragment key={`t${n}`}>{inline(text.slice(at), ctx, `t${n}`)}</Fragment>);
  return parts;
}

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|\s)+$/u;

/** Messages made only of emoji are shown larger. */
export function isEmojiOnly(text: string): boolean {
  return /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(text) && EMOJI_ONLY.test(text.trim());
}
