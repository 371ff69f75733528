"use client";

import { useMemo, useState, type ReactNode } from "react";
import { useTranslations } from "use-intl";
import { highlight, type HighlightNode } from "@/lib/client/highlight";

/** A highlighted tree as React elements (colours per theme in app/globals.css, `.hl-*`). */
export function renderHighlight(nodes: readonly HighlightNode[], key = "h"): ReactNode[] {
  return nodes.map((node, i) => {
    if (typeof node === "string") return node;
    const children = renderHighlight(node.children, `${key}.${i}`);
    return node.className ? <span key={`${key}.${i}`} className={node.className}>{children}</span> : <span key={`${key}.${i}`}>{children}</span>;
  });
}

/** A fenced code block: language label, Copy button, highlighted code. */
export function CodeBlock({ language, code }: { language: string; code: string }) {
  const t = useTranslations("messages.code");
  const [copied, setCopied] = useState(false);
  const tree = useMemo(() => highlight(code, language), [code, language]);
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
    <div className="code-block my-1 overflow-hidden rounded border border-border bg-bg">
      <div className="flex items-center justify-between border-b border-border px-2 py-0.5 text-xs text-muted">
        <span>{language || t("language")}</span>
        <button type="button" onClick={copy} className="rounded px-1 hover:text-fg" aria-label={t("copyLabel")}>
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
      <pre className="overflow-x-auto p-2 font-mono text-[0.85em] leading-snug">
        <code>{renderHighlight(tree)}</code>
      </pre>
    </div>
  );
}
