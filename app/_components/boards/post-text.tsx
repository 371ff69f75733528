"use client";

/**
 * A board post's text → React nodes: `>>123` links to post 123 (a preview on hover or focus), lines
 * starting with `>` are quotes, URLs are links. Only React elements and text are produced: nothing
 * a user typed is ever interpreted as HTML.
 */
import { createContext, useContext, useId, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { safeHref } from "@/lib/client/links";
import type { PostView } from "./types";

/** The posts a quote link can preview: the open thread's, by id. */
export const PostLookup = createContext<ReadonlyMap<number, PostView>>(new Map());
/** The page a quote link points into: "" (this page) on a thread, the post's thread elsewhere (the report queue). */
export const QuotePage = createContext("");

// One pass over a line: a quote reference or a URL, whichever comes first.
const TOKEN = />>(\d{1,12})\b|\b(?:https?:\/\/|www\.)[^\s<>"'`]+[^\s<>"'`.,:;!?)\]}]/g;
/** A quote line: `>` but not a line that opens with a reference (`>>123`), as imageboards read it. */
const isQuoteLine = (line: string) => line.startsWith(">") && !/^>>\d/.test(line);

function inline(text: string, preview: boolean, keyPrefix: string): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    if (match.index > at) out.push(text.slice(at, match.index));
    const key = `${keyPrefix}-${match.index}`;
    if (match[1] !== undefined) {
      out.push(<QuoteRef key={key} id={Number(match[1])} preview={preview} />);
    } else {
      const href = safeHref(match[0]);
      out.push(
        href ? (
          <a key={key} href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline break-all">
            {match[0]}
          </a>
        ) : (
          match[0]
        ),
      );
    }
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** The formatted body of a post. `preview: false` inside a preview, so previews never nest. */
export function PostText({ text, preview = true }: { text: string; preview?: boolean }) {
  const lines = text.split(/\r?\n/);
  const blocks: ReactNode[] = [];
  for (let i = 0; i < lines.length; ) {
    const quote = isQuoteLine(lines[i] ?? "");
    const start = i;
    while (i < lines.length && isQuoteLine(lines[i] ?? "") === quote) i++;
    const group = lines.slice(start, i);
    const body = group.flatMap((line, n) => [...(n ? ["\n"] : []), ...inline(line, preview, `${start + n}`)]);
    blocks.push(
      quote ? (
        <blockquote key={start} className="border-l-2 border-[var(--hl-cmt)] pl-2 text-[var(--hl-cmt)]" data-quote="">
          {body}
        </blockquote>
      ) : (
        <div key={start}>{body}</div>
      ),
    );
  }
  return <div className="space-y-1 break-words whitespace-pre-wrap">{blocks}</div>;
}

/** `>>123`: a link to the post; hovering or focusing it shows the post, following it flashes it. */
function QuoteRef({ id, preview }: { id: number; preview: boolean }) {
  const t = useTranslations("boards");
  const posts = useContext(PostLookup);
  const page = useContext(QuotePage);
  const [open, setOpen] = useState(false);
  const tipId = useId();
  const target = posts.get(id);
  const flash = () => {
    const el = document.getElementById(`p${id}`);
    if (!el) return;
    el.setAttribute("data-flash", "");
    window.setTimeout(() => el.removeAttribute("data-flash"), 1500);
  };
  return (
    <span className="relative inline-block">
      <a
        href={`${page}#p${id}`}
        data-quote-ref={id}
        className={`font-medium underline decoration-dotted ${target ? "text-norloge" : "text-muted"}`}
        aria-describedby={open && target ? tipId : undefined}
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={flash}
      >
        {`>>${id}`}
      </a>
      {open && preview && target ? (
        <span
          id={tipId}
          role="tooltip"
          className="absolute top-full left-0 z-30 mt-1 block w-72 max-w-[80vw] rounded border border-border bg-raised p-2 text-left text-sm whitespace-normal shadow-xl"
        >
          <span className="mb-1 block text-xs text-muted">
            {t("people.previewOf", { author: target.author ?? t("people.deletedUser"), id: target.id })}
          </span>
          {target.deleted ? <em className="text-muted">{t("thread.deleted")}</em> : <PostText text={target.content.slice(0, 600)} preview={false} />}
        </span>
      ) : null}
    </span>
  );
}
