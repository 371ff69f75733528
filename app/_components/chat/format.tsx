/**
 * Message text → React nodes (spec §5.3). markdown-it parses (lib/client/markdown.ts: CommonMark, GFM
 * tables, strikethrough and task lists, autolinks, emoji shortcodes); this file walks its token stream
 * and builds React elements, so no HTML string ever reaches the page. The reference's own syntax keeps
 * its meaning: `__underline__` is underline (not bold), fenced code gets the code block (language label,
 * Copy, highlighting). In plain text, @mention pills and norloges (tribune clock references, never
 * inside code or a link); in posts made from a coincoin, the tribune's tags (`<b> <i> <u> <s> <tt>
 * <code> <m>`, spec §5.2).
 */
import { Fragment, createElement, useMemo, type ReactNode } from "react";
import { useFormatter, useTranslations, type DateTimeFormatOptions } from "use-intl";
import { norlogePattern, parseNorloge } from "@/lib/chat/norloges";
import { replaceShortcodes } from "@/lib/client/emoji";
import { safeHref } from "@/lib/client/links";
import { parseMessage, type Token } from "@/lib/client/markdown";
import { mentionPattern } from "@/lib/mentions";
import { CodeBlock } from "./code-block";
import { NorlogeRef } from "./norloge";

// Kept here too for the modules that import it from the formatter.
export { safeHref };

export interface FormatContext {
  /** Known usernames, lower-cased: `@name` pills only for real users. */
  users: ReadonlySet<string>;
  me: string;
  /** The id of the message being formatted: its norloges point only at earlier messages. */
  messageId?: number;
  /** A tribune post (made from a coincoin): its tribune tags are markup, as coincoins show them. */
  tribune?: boolean;
  /** Drawn at the end of the text (the "(edited)" mark): inside the last paragraph when the text ends with one. */
  trailing?: ReactNode;
}

// Minutes and seconds as "numeric": each language's own pattern pads them (and French its hours: "09:05").
/** A message's time of day ("9:05 AM", "09:05"). */
export const TIME_OF_DAY: DateTimeFormatOptions = { hour: "numeric", minute: "numeric" };
/** A full date and time, as tooltips and lists of versions show it ("12/4/2026, 9:05:00 AM", "04/12/2026 09:05:00"). */
export const FULL_DATE: DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" };

/** Message times (epoch seconds) in the page's language, for the rows, threads and lists that show them. */
export function useMessageTimes() {
  const format = useFormatter();
  return useMemo(
    () => ({
      /** The time of day. */
      time: (ts: number) => format.dateTime(new Date(ts * 1000), TIME_OF_DAY),
      /** The full date and time. */
      full: (ts: number) => format.dateTime(new Date(ts * 1000), FULL_DATE),
      /** Any other shape. */
      date: (ts: number, options: DateTimeFormatOptions) => format.dateTime(new Date(ts * 1000), options),
    }),
    [format],
  );
}

/** A link target the formatter lets through: the web, mail, or this server's files. */
function linkHref(raw: string): string | null {
  if (/^mailto:[^\s]+$/i.test(raw)) return raw;
  if (/^\/files\/[^/]/.test(raw)) return raw;
  return safeHref(raw);
}

const CODE_INLINE = "rounded bg-raised px-1 font-mono text-[0.9em]";
const LINK = "text-accent underline break-all";

// --- plain text: mentions and norloges --------------------------------------------------------

function mentionPill(name: string, ctx: FormatContext, key: string): ReactNode {
  const lower = name.toLowerCase();
  const everyone = lower === "everyone";
  if (!everyone && !ctx.users.has(lower)) return `@${name}`;
  const mine = everyone || lower === ctx.me.toLowerCase();
  return (
    <span key={key} className={`mention rounded px-1 font-medium ${mine ? "mention-me bg-mention-bg text-mention-fg" : "bg-mention-other-bg text-mention-other"}`}>
      @{name}
    </span>
  );
}

// Compiled once (the norloge pattern is large); `decorate` never re-enters, so sharing them is safe.
const NORLOGES = norlogePattern();
const MENTIONS = mentionPattern();

/** Text outside code and links: norloges and mentions (the server's rules for both), the rest as is. */
function decorate(text: string, ctx: FormatContext, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  const norloges = NORLOGES;
  const mentions = MENTIONS;
  let at = 0;
  let n = 0;
  while (at < text.length) {
    norloges.lastIndex = at;
    mentions.lastIndex = at;
    const clock = norloges.exec(text);
    const mention = mentions.exec(text);
    // A norloge wins a tie (as the reference's rule order had it).
    const match = clock && (!mention || clock.index <= mention.index) ? clock : mention;
    if (!match) break;
    if (match.index > at) out.push(text.slice(at, match.index));
    const k = `${key}~${n++}`;
    if (match === clock) {
      const norloge = parseNorloge(match[0]);
      out.push(norloge ? <NorlogeRef key={k} norloge={norloge} from={ctx.messageId} /> : match[0]);
    } else {
      out.push(mentionPill(match[1]!, ctx, k));
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

// --- inline tokens ----------------------------------------------------------------------------

interface Frame {
  open: Token | null;
  children: ReactNode[];
}

/** The text a run of inline tokens shows (a dropped link's label, an image's description). */
function plainText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.type === "softbreak" || t.type === "hardbreak" ? "\n" : t.type === "image" ? plainText(t.children ?? []) : t.content)).join("");
}

/** Where an inline token opened with `open` closes (its matching `*_close` at the same depth). */
function closingIndex(tokens: readonly Token[], from: number): number {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    depth += tokens[i]!.nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

function inlineElement(open: Token, children: ReactNode[], key: string): ReactNode {
  switch (open.type) {
    case "strong_open":
      // `__x__` is the reference's underline; `**x**` is bold.
      return open.markup === "__" ? <u key={key}>{children}</u> : <strong key={key}>{children}</strong>;
    case "em_open":
      // Only `*x*` is italic, as in the reference: single underscores are text (`¯\_(ツ)_/¯`, `snake_case`).
      return open.markup === "_" ? <Fragment key={key}>_{children}_</Fragment> : <em key={key}>{children}</em>;
    case "s_open":
      return <s key={key}>{children}</s>;
    case "tribune_open":
      switch (open.tag) {
        case "b": return <strong key={key}>{children}</strong>;
        case "i": return <em key={key}>{children}</em>;
        case "u": return <u key={key}>{children}</u>;
        case "s": return <s key={key}>{children}</s>;
        // A "moment", as every coincoin shows it.
        default: return <Fragment key={key}>{"====> "}<strong>Moment {children}</strong>{" <===="}</Fragment>;
      }
    case "link_open": {
      const href = linkHref(String(open.attrGet("href") ?? ""));
      if (!href) return <Fragment key={key}>{children}</Fragment>;
      return <a key={key} href={href} target="_blank" rel="noopener noreferrer" className={LINK}>{children}</a>;
    }
    default:
      return <Fragment key={key}>{children}</Fragment>;
  }
}

function renderInline(tokens: readonly Token[], ctx: FormatContext, key: string): ReactNode[] {
  const stack: Frame[] = [{ open: null, children: [] }];
  let inLink = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const top = stack[stack.length - 1]!;
    const k = `${key}.${i}`;
    if (token.type === "link_open" && token.markup === "linkify") {
      // linkify also finds scheme-less names (`config.py`); only http(s) and `www.` addresses link.
      const end = closingIndex(tokens, i);
      const label = plainText(tokens.slice(i + 1, end));
      if (!/^(?:https?:\/\/|www\.)/i.test(label)) {
        top.children.push(...decorate(label, ctx, k));
        i = end;
        continue;
      }
    }
    if (token.nesting === 1) {
      if (token.type === "link_open") inLink++;
      stack.push({ open: token, children: [] });
      continue;
    }
    if (token.nesting === -1) {
      if (stack.length === 1) continue;
      const frame = stack.pop()!;
      if (frame.open!.type === "link_open") inLink--;
      stack[stack.length - 1]!.children.push(inlineElement(frame.open!, frame.children, k));
      continue;
    }
    switch (token.type) {
      case "text":
        top.children.push(...(inLink ? [token.content] : decorate(token.content, ctx, k)));
        break;
      case "code_inline":
        top.children.push(<code key={k} className={CODE_INLINE}>{token.content}</code>);
        break;
      case "softbreak":
        // Message bodies keep their line breaks (white-space: pre-wrap), as the reference shows them.
        top.children.push("\n");
        break;
      case "hardbreak":
        top.children.push(<br key={k} />);
        break;
      case "emoji":
        top.children.push(<span key={k} className="emoji" role="img" aria-label={token.markup} title={`:${token.markup}:`}>{token.content}</span>);
        break;
      case "image": {
        // Pictures from elsewhere are not loaded into the chat (they would report who reads it):
        // the description links to the address instead.
        const href = linkHref(String(token.attrGet("src") ?? ""));
        const label = plainText(token.children ?? []) || String(token.attrGet("src") ?? "");
        top.children.push(href ? <a key={k} href={href} target="_blank" rel="noopener noreferrer" className={LINK}>{label}</a> : label);
        break;
      }
      default:
        if (token.content) top.children.push(token.content);
    }
  }
  // Close whatever was left open (cannot happen with markdown-it's output, but never drop text).
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack[stack.length - 1]!.children.push(inlineElement(frame.open!, frame.children, `${key}.end${stack.length}`));
  }
  return stack[0]!.children;
}

// --- block tokens -----------------------------------------------------------------------------

const BLOCK_CLASS: Record<string, string> = {
  p: "not-first:mt-2",
  h1: "mt-2 text-xl font-bold first:mt-0",
  h2: "mt-2 text-lg font-bold first:mt-0",
  h3: "mt-2 font-bold first:mt-0",
  h4: "mt-2 font-semibold first:mt-0",
  h5: "mt-2 font-semibold first:mt-0",
  h6: "mt-2 font-semibold first:mt-0",
  ul: "my-1 list-disc pl-6",
  ol: "my-1 list-decimal pl-6",
  li: "",
  blockquote: "my-1 border-l-4 border-border pl-3 text-muted",
  table: "my-1 border-collapse text-sm",
  thead: "",
  tbody: "",
  tr: "",
  th: "border border-border bg-raised px-2 py-0.5 font-semibold",
  td: "border border-border px-2 py-0.5",
};

/** A task list item's box, named for screen readers. */
function TaskBox({ done }: { done: boolean }) {
  const t = useTranslations("messages.format");
  return <input type="checkbox" checked={done} readOnly disabled aria-label={done ? t("taskDone") : t("taskToDo")} className="mr-1.5 align-middle" />;
}

function blockElement(open: Token, children: ReactNode[], key: string): ReactNode {
  const tag = open.tag;
  if (!(tag in BLOCK_CLASS)) return <Fragment key={key}>{children}</Fragment>;
  const props: Record<string, unknown> = { key, className: BLOCK_CLASS[tag] || undefined };
  if (tag === "ol") {
    const start = Number(open.attrGet("start"));
    if (Number.isInteger(start) && start !== 1) props.start = start;
  }
  if (tag === "th" || tag === "td") {
    const align = /text-align:(left|right|center)/.exec(String(open.attrGet("style") ?? ""))?.[1];
    if (align) props.style = { textAlign: align };
  }
  if (tag === "li" && open.meta && typeof open.meta.task === "boolean") {
    const done = open.meta.task as boolean;
    props.className = "task-item -ml-5 list-none";
    children = [<TaskBox key="box" done={done} />, ...children];
  }
  return createElement(tag, props, ...children);
}

function renderBlocks(tokens: readonly Token[], ctx: FormatContext): ReactNode[] {
  const stack: Frame[] = [{ open: null, children: [] }];
  let trailed = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const top = stack[stack.length - 1]!;
    const key = `b${i}`;
    if (token.nesting === 1) {
      stack.push({ open: token, children: [] });
      continue;
    }
    if (token.nesting === -1) {
      if (stack.length === 1) continue;
      const frame = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      // The trailing mark goes on the last line of a closing paragraph, not on a line of its own.
      if (ctx.trailing !== undefined && !trailed && stack.length === 1 && i === tokens.length - 1 && frame.open!.tag === "p") {
        frame.children.push(<Fragment key="trailing">{ctx.trailing}</Fragment>);
        trailed = true;
      }
      // Tight lists' paragraphs are hidden: their text sits in the item itself.
      if (frame.open!.hidden) parent.children.push(<Fragment key={key}>{frame.children}</Fragment>);
      else parent.children.push(blockElement(frame.open!, frame.children, key));
      continue;
    }
    switch (token.type) {
      case "inline":
        top.children.push(<Fragment key={key}>{renderInline(token.children ?? [], ctx, key)}</Fragment>);
        break;
      case "fence": {
        const language = token.info.trim().split(/\s+/)[0] ?? "";
        const code = token.content.replace(/\n$/, "");
        top.children.push(<CodeBlock key={key} language={language} code={code} />);
        break;
      }
      case "code_block":
        top.children.push(<CodeBlock key={key} language="" code={token.content.replace(/\n$/, "")} />);
        break;
      case "hr":
        top.children.push(<hr key={key} className="my-2 border-border" />);
        break;
      default:
        // html_block cannot occur (raw HTML is off); anything else unknown shows its text.
        if (token.content) top.children.push(token.content);
    }
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack[stack.length - 1]!.children.push(blockElement(frame.open!, frame.children, `end${stack.length}`));
  }
  if (ctx.trailing !== undefined && !trailed) stack[0]!.children.push(<Fragment key="trailing">{ctx.trailing}</Fragment>);
  return stack[0]!.children;
}

/** The formatted body of a message. */
export function formatMessage(text: string, ctx: FormatContext): ReactNode {
  return renderBlocks(parseMessage(text, { tribune: ctx.tribune }), ctx);
}

const EMOJI_ONLY = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3|[\u{E0020}-\u{E007F}]|\s)+$/u;

/** Messages made only of emoji (shortcodes included) are shown larger. */
export function isEmojiOnly(text: string): boolean {
  const shown = text.includes(":") ? replaceShortcodes(text) : text;
  return /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(shown) && EMOJI_ONLY.test(shown.trim());
}
