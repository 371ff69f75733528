"use client";

import { useState } from "react";
import { highlight, type TokenKind } from "@/lib/client/highlight";

const TOKEN_CLASS: Record<TokenKind, string> = {
  plain: "",
  str: "hl-str text-[#ce9178]",
  cmt: "hl-cmt text-[#6a9955] italic",
  kw: "hl-kw text-[#569cd6]",
  type: "hl-type text-[#4ec9b0]",
  bi: "hl-bi text-[#dcdcaa]",
  num: "hl-num text-[#b5cea8]",
  dec: "hl-dec text-[#c586c0]",
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
