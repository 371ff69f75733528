"use client";

import { FileText } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { enc } from "@/lib/client/api";
import { highlight } from "@/lib/client/highlight";
import type { CodePreview } from "@/lib/chat/wire";
import { isImageName, isTextFilename, originalName } from "@/lib/uploads/names";
import { renderHighlight } from "./code-block";
import { useFilePreview, useFileSize, useLinkPreview } from "./data/previews";
import { useFileSize as useSizeText } from "./file-size";
import { safeHref } from "@/lib/client/links";

/** True once the element has come within 300 px of the viewport (previews load lazily). */
export function useInView<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        observer.disconnect();
      }
    }, { rootMargin: "300px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return [ref, seen];
}

type CodeCardData = CodePreview;

export function CodeCard({ data, header }: { data: CodeCardData; header?: React.ReactNode }) {
  const t = useTranslations("messages.previews");
  const lines = data.code.split("\n");
  const range =
    data.highlight_start === null
      ? ""
      : data.highlight_end !== null && data.highlight_end !== data.highlight_start
        ? ` \u00b7 ${t("lines", { start: data.highlight_start, end: data.highlight_end })}`
        : ` \u00b7 ${t("line", { start: data.highlight_start })}`;
  const href = safeHref(data.url) ?? (data.url.startsWith("/files/") ? data.url : null);
  return (
    <div className="code-preview mt-1 max-w-3xl overflow-hidden rounded border border-border bg-bg text-sm" data-testid="code-preview">
      <div className="flex items-center gap-2 border-b border-border px-2 py-1 text-xs text-muted">
        {header ?? (href ? <a href={href} className="truncate text-accent underline" target="_blank" rel="noopener noreferrer">{data.filepath}</a> : data.filepath)}
        <span>{range}</span>
        <span className="ml-auto">{t("totalLines", { count: data.total_lines })}</span>
      </div>
      <pre className="max-h-64 overflow-auto py-1 font-mono text-xs leading-snug">
        {lines.map((line, i) => {
          const number = data.first_line_num + i;
          const marked = data.highlight_start !== null && number >= data.highlight_start && number <= (data.highlight_end ?? data.highlight_start);
          return (
            <div key={i} className={`flex ${marked ? "bg-amber-400/15" : ""}`}>
              <span className="w-12 shrink-0 select-none pr-2 text-right text-muted">{number}</span>
              <code>
                {renderHighlight(highlight(line, data.language))}
              </code>
            </div>
          );
        })}
      </pre>
    </div>
  );
}

/** The first link of a message as an OpenGraph or code card, fetched when it scrolls into view. */
export function LinkPreview({ url }: { url: string }) {
  const [ref, seen] = useInView<HTMLDivElement>();
  const { data } = useLinkPreview(url, seen);
  return (
    <div ref={ref}>
      {data && data.type === "code" ? <CodeCard data={data} /> : null}
      {data && data.type === "og" ? (
        <div className="mt-1 max-w-md rounded border-l-4 border-accent bg-raised px-3 py-2 text-sm" data-testid="link-preview">
          <div className="text-xs text-muted">{data.domain}</div>
          <a href={safeHref(data.url) ?? undefined} target="_blank" rel="noopener noreferrer" className="font-semibold text-accent">
            {data.title}
          </a>
          {data.description ? <p className="text-muted">{data.description}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

/** An attachment: images inline, other files as a chip (name and size) with a code card for text files. */
export function Attachment({ filename }: { filename: string }) {
  const t = useTranslations("messages.previews");
  const sizeLabel = useSizeText();
  const [ref, seen] = useInView<HTMLDivElement>();
  const href = `/files/${enc(filename)}`;
  const original = originalName(filename);
  const { data: size, error: gone } = useFileSize(href, seen && !isImageName(filename));
  const previewable = isTextFilename(original);
  const [broken, setBroken] = useState(false);
  const { data: preview } = useFilePreview(filename, seen && previewable);
  if (isImageName(filename) && broken) {
    return (
      <div ref={ref} className="mt-1 inline-block rounded border border-border bg-raised px-2 py-1 text-sm text-muted italic">
        {t("imageGone")}
      </div>
    );
  }
  if (isImageName(filename)) {
    return (
      <div ref={ref} className="mt-1">
        <a href={href} target="_blank" rel="noopener noreferrer">
          {/* eslint-disable-next-line @next/next/no-img-element -- an upload behind an access check */}
          <img src={href} alt={t("imageAlt")} loading="lazy" onError={() => setBroken(true)} className="max-h-72 max-w-full rounded border border-border" />
        </a>
      </div>
    );
  }
  const chip = gone ? (
    <span className="text-muted italic">{t("fileDeleted")}</span>
  ) : (
    <a href={href} download={original} className="inline-flex items-center gap-2 text-accent underline">
      <FileText aria-hidden="true" className="size-4 shrink-0" />
      <span>{original}</span>
      {size !== undefined ? <span className="text-xs text-muted no-underline">{sizeLabel(size)}</span> : null}
    </a>
  );
  return (
    <div ref={ref} className="mt-1" data-testid="file-chip">
      {preview && preview.type === "code" ? <CodeCard data={preview} header={chip} /> : <div className="inline-block rounded border border-border bg-raised px-2 py-1 text-sm">{chip}</div>}
    </div>
  );
}
