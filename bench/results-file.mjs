// bench/RESULTS.md is written by several runs (npm run bench, bench:uploads, the browser suite's
// render measurement); each owns one "## " section and replaces only that.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const RESULTS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "RESULTS.md");

/** The file's text with the section starting with `heading` replaced (or appended). */
export function withSection(markdown, heading, section) {
  const start = markdown.indexOf(heading);
  const next = start < 0 ? -1 : markdown.indexOf("\n## ", start + 1);
  const body = section.trimEnd() + "\n";
  if (start < 0) return `${markdown.trimEnd()}\n\n${body}`;
  return markdown.slice(0, start) + body + (next < 0 ? "" : "\n" + markdown.slice(next + 1));
}

export function writeSection(heading, section) {
  const current = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, "utf8") : "# Benchmarks\n";
  fs.writeFileSync(RESULTS_FILE, withSection(current, heading, section));
}

/** Every section but the ones a full `npm run bench` writes itself, to carry over when it rewrites the file. */
export function sectionsFrom(markdown, headings) {
  return headings
    .map((heading) => {
      const start = markdown.indexOf(heading);
      if (start < 0) return "";
      const next = markdown.indexOf("\n## ", start + 1);
      return (next < 0 ? markdown.slice(start) : markdown.slice(start, next)).trimEnd();
    })
    .filter(Boolean);
}
