"use client";

import { useState } from "react";
import { highlight, type TokenKind } from "@/lib/client/highlight";

// Colours per theme in app/globals.css (.hl-*), shared with code previews.
const TOKEN_CLASS: Record<TokenKind, string> = {
  plain: "",
  str: "hl-str",
  cmt: "hl-cmt",
  kw: "hl-kw",
  type: "hl-type",
  bi: "hl-bi",
  num: "hl-num",
  dec: "hl-dec",
};

/** A fenced code block: language label, Copy button, highlighted code. */
export function CodeBlock({ language, code }: { language: string; code: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="my-1 overflow-hidden rounded border border-border bg-bg">
      <div className="flex items-center justify-between border-b border-border px-2 py-0.5 text-xs text-muted">
        <span>{language || "code"}</span>
        <button type="button" onClick={copy} className="rounded px-1 hover:text-fg" aria-label="Copy code">
          {copied ? "Copied!" : "Copy"}
        </button>
      </div>
      <pre className="overflow-x-auto p-2 font-mono text-[0.85em] leading-snug">
        <code>
          {highlight(code, language).map((token, i) =>
            token.kind === "plain" ? token.text : (
              <span key={i} className={TOKEN_CLASS[token.kind]}>
                {token.text}
              </span>
            ),
          )}
        </code>
      </pre>
    </div>
  );
}
