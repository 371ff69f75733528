/**
 * The app's pages and route handlers, read from the app/ folder, each with the path pattern it
 * answers (in the `source` syntax of next.config headers). next.config.ts gives each kind its CSP
 * from this, and the fuzz test finds every route handler with it, so a new file is covered at once.
 * Kept free of server-only imports: next.config.ts reads it.
 */
import fs from "node:fs";
import path from "node:path";

export interface AppPath {
  kind: "page" | "route";
  /** The file, relative to the app folder, with forward slashes. */
  file: string;
  /** `/messages/:channel`, `/api/auth/:nextauth+`, `/` … */
  source: string;
  /** The dynamic segments in order: `[name]` is "one", `[...name]` "many", `[[...name]]` "optional". */
  params: { name: string; kind: "one" | "many" | "optional" }[];
}

const FILE_KINDS: Record<string, AppPath["kind"]> = { "page.tsx": "page", "page.ts": "page", "route.ts": "route", "route.tsx": "route" };

export function appPaths(appDir: string): AppPath[] {
  const out: AppPath[] = [];
  for (const entry of fs.readdirSync(appDir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = entry.split(path.sep).join("/");
    const parts = file.split("/");
    const kind = FILE_KINDS[parts.pop()!];
    // Folders starting with _ are private (components), not routes.
    if (!kind || parts.some((p) => p.startsWith("_"))) continue;
    const params: AppPath["params"] = [];
    const segments: string[] = [];
    for (const part of parts) {
      if (/^\(.*\)$/.test(part) || part.startsWith("@")) continue; // route groups and parallel slots add no segment
      const dynamic = /^(\[)?\[(\.\.\.)?([^\]]+)\](\])?$/.exec(part);
      if (!dynamic) {
        segments.push(part);
        continue;
      }
      const name = dynamic[3] ?? ""; // the pattern's one required group
      const paramKind = dynamic[1] ? "optional" : dynamic[2] ? "many" : "one";
      params.push({ name, kind: paramKind });
      segments.push(`:${name}${paramKind === "optional" ? "*" : paramKind === "many" ? "+" : ""}`);
    }
    out.push({ kind, file, source: `/${segments.join("/")}`, params });
  }
  return out;
}
