/** The code-preview card of the reference (spec §2.5): up to 1000 lines around the requested ones. */
import { extensionOf } from "@/lib/uploads/names";

export const PREVIEW_LINES = 1000;

export interface CodePreview {
  type: "code";
  filename: string;
  filepath: string;
  language: string;
  first_line_num: number;
  highlight_start: number | null;
  highlight_end: number | null;
  code: string;
  total_lines: number;
  url: string;
}

export function codePreview(
  text: string,
  where: { filename: string; filepath: string; url: string; lineStart?: number | null; lineEnd?: number | null },
): CodePreview {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  const lineStart = where.lineStart ?? null;
  const first = lineStart ? Math.max(0, lineStart - 1 - PREVIEW_LINES / 2) : 0;
  return {
    type: "code",
    filename: where.filename,
    filepath: where.filepath,
    language: extensionOf(where.filename),
    first_line_num: first + 1,
    highlight_start: lineStart,
    highlight_end: lineStart ? (where.lineEnd ?? lineStart) : null,
    code: lines.slice(first, first + PREVIEW_LINES).join("\n"),
    total_lines: lines.length,
    url: where.url,
  };
}
