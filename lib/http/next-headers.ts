// The headers Next.js itself adds to a route handler's answer, read from the build Next.js serves
// (`<distDir>/routes-manifest.json`): next.config.ts's `headers()` rules as Next compiled them, and the
// `Vary` it sets on every app route. The fast path sends exactly these, from the same source, so an
// answer does not tell which door it came through.
import fs from "node:fs";
import path from "node:path";

interface ManifestHeaderRule {
  source: string;
  regex: string;
  headers: { key: string; value: string }[];
  has?: unknown;
  missing?: unknown;
}

interface RoutesManifest {
  basePath?: string;
  caseSensitive?: boolean;
  headers?: ManifestHeaderRule[];
  rsc?: { varyHeader?: string };
}

export type HeaderList = ReadonlyArray<readonly [string, string]>;

export interface NextHeaders {
  /**
   * The headers next.config gives `pathname` (still %-encoded, as Next matches it), in the order Next
   * sets them; null when they depend on more than the path (a rule with `has`/`missing` or with a
   * `:param` in a header), which only Next.js itself can answer.
   */
  forPath(pathname: string): HeaderList | null;
  /** Next's `Vary` on app routes. */
  vary: string;
}

/** The folder of the build `next start` serves (next.config.ts's distDir). */
export function buildDir(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), process.env.MINIMOST_BUILD_DIR || ".next");
}

interface CompiledRule {
  regex: RegExp;
  headers: { key: string; value: string }[];
  /** Whether Next would compute something from the request for this rule. */
  dependsOnRequest: boolean;
}

const PATH_MEMO_LIMIT = 1024;

/** Reads the build's header rules; null when there is no production build to read (next dev, tests). */
export function loadNextHeaders(dir = buildDir()): NextHeaders | null {
  let manifest: RoutesManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, "routes-manifest.json"), "utf8")) as RoutesManifest;
  } catch {
    return null;
  }
  const vary = manifest.rsc?.varyHeader;
  if (!vary || manifest.basePath) return null;
  const flags = manifest.caseSensitive ? "" : "i";
  const rules: CompiledRule[] = (manifest.headers ?? []).map((rule) => {
    const params = [...rule.source.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const usesParam = rule.headers.some(({ key, value }) => params.some((p) => key.includes(`:${p}`) || value.includes(`:${p}`)));
    const cookie = rule.headers.some(({ key }) => key.toLowerCase() === "set-cookie"); // Next gathers those in a list
    return {
      regex: new RegExp(rule.regex, flags),
      headers: rule.headers,
      dependsOnRequest: usesParam || cookie || rule.has !== undefined || rule.missing !== undefined,
    };
  });
  const memo = new Map<string, HeaderList | null>();
  const compute = (pathname: string): HeaderList | null => {
    // As Next does: every matching rule in order, a later value replacing an earlier one of the same name
    // in the place the name first took.
    const out = new Map<string, string>();
    for (const rule of rules) {
      if (!rule.regex.test(pathname)) continue;
      if (rule.dependsOnRequest) return null;
      for (const { key, value } of rule.headers) out.set(key, value);
    }
    return [...out];
  };
  return {
    vary,
    forPath(pathname) {
      const known = memo.get(pathname);
      if (known !== undefined) return known;
      const computed = compute(pathname);
      if (memo.size >= PATH_MEMO_LIMIT) memo.clear();
      memo.set(pathname, computed);
      return computed;
    },
  };
}
