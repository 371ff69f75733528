// The tribune's URL map (spec §2.1, DESIGN tribune decisions 1 and 5): every path under /tribune/ is either
// one view of the default board or of a public channel, or nothing (404). Trailing slashes are optional, so
// `remote/xml/` and `remote/xml` are the same view, served directly. Pure: the caller says which channels exist.

export type Format = "plain" | "tsv" | "json" | "xml" | "crap";

export type TribuneView =
  | { kind: "board"; noscript: boolean }
  | { kind: "discovery" }
  | { kind: "clock"; clock: string }
  | { kind: "post"; format: Format }
  | { kind: "remote"; format: Format }
  | { kind: "urls" };

export type TribuneRoute = {
  /** The channel named in the path, or null for the default board. */
  channel: string | null;
  view: TribuneView;
};

const FIXED: Record<string, TribuneView> = {
  "": { kind: "board", noscript: false },
  noscript: { kind: "board", noscript: true },
  "discovery.config": { kind: "discovery" },
  post: { kind: "post", format: "plain" },
  "post/tsv": { kind: "post", format: "tsv" },
  "post/json": { kind: "post", format: "json" },
  "post/xml": { kind: "post", format: "xml" },
  "crap/post.xml": { kind: "post", format: "crap" },
  remote: { kind: "remote", format: "plain" },
  "remote/tsv": { kind: "remote", format: "tsv" },
  "remote/json": { kind: "remote", format: "json" },
  "remote/xml": { kind: "remote", format: "xml" },
  "crap/remote.xml": { kind: "remote", format: "crap" },
};

// The URL regex of the clock finder; whether the clock is a valid time is the view's business (a 400).
const CLOCK_PATH = /^clock\/([:0-9]{5,9})$/;

function viewOf(rest: string, isDefault: boolean): TribuneView | null {
  const fixed = FIXED[rest];
  if (fixed) return fixed;
  if (isDefault && rest === "urls") return { kind: "urls" };
  const clock = CLOCK_PATH.exec(rest);
  return clock ? { kind: "clock", clock: clock[1]! } : null;
}

/**
 * Resolves the segments after `/tribune` (already %-decoded). Default-board views come first, so a channel
 * named like a view (`remote`, `post`…) is reached only through its own views, never through its bare name.
 */
export function resolveRoute(segments: readonly string[], isChannel: (name: string) => boolean): TribuneRoute | null {
  const parts = segments.at(-1) === "" ? segments.slice(0, -1) : [...segments];
  if (parts.some((part) => part === "")) return null;
  const rest = parts.join("/");
  const own = viewOf(rest, true);
  if (own) return { channel: null, view: own };
  const [first, ...tail] = parts;
  if (first === undefined || !isChannel(first)) return null;
  const view = viewOf(tail.join("/"), false);
  return view ? { channel: first, view } : null;
}

/** The path of a view, as links and discovery print it (with the slash clients use). */
export function viewPath(base: string, channel: string | null, rest: string): string {
  return `${base}/${channel === null ? "" : `${encodeURIComponent(channel)}/`}${rest}`;
}
