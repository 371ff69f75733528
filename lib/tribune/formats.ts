// Serializers for the tribune backends (spec §2.4–2.7.1): plain, TSV, JSON, XML and CRAP XML. They print
// posts in the order given (lib/tribune/args.ts picks and orders the window); times are local to the
// board's IANA time zone. Identities arrive raw and are escaped once, here (DESIGN tribune decision 3).
import { DEFAULT_TABLE_WIDTH } from "./args";
import { remoteRender, stripXmlInvalid, webRender, type RenderOptions } from "./render";

export type TribunePost = {
  id: number;
  /** Creation time, seconds since the epoch. */
  time: number;
  /** The poster's identity (user agent or chosen name), raw. */
  info: string;
  /** Registered author's login, or null for an anonymous post. */
  login: string | null;
  /** The text exactly as posted (plain and TSV print it). */
  raw: string;
  /** `remoteRender(raw)`: the inner XML of `<message>`. */
  message: string;
  /** `webRender(raw)`: the HTML the JSON backend carries. */
  webRender: string;
};

/** A post with both renders computed from its raw text. */
export function tribunePost(
  post: Omit<TribunePost, "message" | "webRender">,
  options: RenderOptions = {},
): TribunePost {
  return { ...post, message: remoteRender(post.raw, options), webRender: webRender(post.raw, options) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `Intl` knows this IANA time zone name. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** `YYYYMMDDhhmmss` in the given zone: the 14 digits every client parses (spec §9.1.2). */
export function localStamp(seconds: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(Math.floor(seconds) * 1000))) parts[part.type] = part.value;
  const year = (parts.year ?? "").padStart(4, "0");
  return `${year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`;
}

const clockOf = (stamp: string) => `${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}`;

/** Same-second indices within the window: the oldest post of a second is 1, the newest N (spec §2.2.7). */
function clockIndices(posts: readonly TribunePost[], stamps: ReadonlyMap<number, string>): Map<number, number> {
  const bySecond = new Map<string, number[]>();
  for (const post of posts) {
    const stamp = stamps.get(post.id)!;
    const ids = bySecond.get(stamp);
    if (ids) ids.push(post.id);
    else bySecond.set(stamp, [post.id]);
  }
  const indices = new Map<number, number>();
  for (const ids of bySecond.values()) ids.sort((a, b) => a - b).forEach((id, index) => indices.set(id, index + 1));
  return indices;
}

function stampsOf(posts: readonly TribunePost[], timeZone: string): Map<number, string> {
  return new Map(posts.map((post) => [post.id, localStamp(post.time, timeZone)]));
}

/** Each post's 14-digit stamp, and its clock as people read it: `HH:MM:SS`, plus ²³… when it shares its second. */
export function clockLabels(posts: readonly TribunePost[], timeZone: string): Map<number, { stamp: string; clock: string }> {
  const stamps = stampsOf(posts, timeZone);
  const indices = clockIndices(posts, stamps);
  return new Map(
    posts.map((post) => {
      const stamp = stamps.get(post.id)!;
      const index = indices.get(post.id)!;
      return [post.id, { stamp, clock: clockOf(stamp) + (index > 1 ? superscript(index) : "") }];
    }),
  );
}

// ---------------------------------------------------------------------------------------------- plain

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const superscript = (n: number) => [...String(n)].map((digit) => SUPERSCRIPTS[Number(digit)]).join("");

const codePoints = (text: string) => Array.from(text);
const width = (text: string) => codePoints(text).length;
const pad = (text: string, size: number) => text + " ".repeat(Math.max(0, size - width(text)));

/** Python's `expandtabs(8)`: tabs move to the next multiple of 8 columns. */
function expandTabs(text: string): string {
  let column = 0;
  let out = "";
  for (const char of text) {
    if (char === "\t") {
      const spaces = 8 - (column % 8);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column++;
    }
  }
  return out;
}

/** Greedy word wrap that breaks words longer than a line, as Python's `textwrap.wrap` does. */
export function wrapText(text: string, size: number): string[] {
  const chunks = expandTabs(text).replace(/\s/g, " ").split(/( +)/).filter((chunk) => chunk !== "").map(codePoints);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    let line: string[][] = [];
    let length = 0;
    // Whitespace is dropped at the start of every line but the first.
    if (lines.length > 0 && chunks.at(-1)!.join("").trim() === "") chunks.pop();
    while (chunks.length > 0 && length + chunks.at(-1)!.length <= size) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      length += chunk.length;
    }
    const next = chunks.at(-1);
    if (next !== undefined && next.length > size) {
      const room = Math.max(size - length, 1);
      line.push(next.slice(0, room));
      chunks[chunks.length - 1] = next.slice(room);
    }
    if (line.length > 0 && line.at(-1)!.join("").trim() === "") line = line.slice(0, -1);
    if (line.length > 0) lines.push(line.map((chunk) => chunk.join("")).join(""));
  }
  return lines;
}

export type PlainOptions = { timeZone: string; tableWidth?: number };

/** The plain backend shows at most this much of one message (a web message can be megabytes; the other formats carry it whole). */
const PLAIN_MESSAGE_MAX = 10_000;
// Cut in UTF-16 units, then the last character dropped: it may be half of a pair.
const plainText = (raw: string) => (raw.length <= PLAIN_MESSAGE_MAX ? raw : `${codePoints(raw.slice(0, PLAIN_MESSAGE_MAX)).slice(0, -1).join("")}…`);

const CLOCK_COLUMN = 10;

/**
 * The plain backend (spec §2.4): three left-aligned columns, the raw message word-wrapped, every line padded
 * to `tableWidth + 7` characters, lines joined by `\n` with none at the end, and nothing at all for no posts.
 */
export function plainBody(posts: readonly TribunePost[], options: PlainOptions): string {
  if (posts.length === 0) return "";
  const labels = clockLabels(posts, options.timeZone);
  // `<name>` means a registered user here: an anonymous identity written like one loses its brackets.
  const identity = (post: TribunePost) =>
    post.login !== null ? `<${post.login}>` : codePoints(post.info.replace(/^<+|>+$/g, "")).slice(0, 30).join("");
  // The brackets count, so long logins are never hard-wrapped (spec §11.2 #6).
  const identityWidth = Math.max(10, ...posts.map((post) => width(identity(post))));
  // A table too narrow for its message column still prints, one character per line.
  const messageWidth = Math.max(1, (options.tableWidth ?? DEFAULT_TABLE_WIDTH) - identityWidth - CLOCK_COLUMN);
  const lines: string[] = [];
  for (const post of posts) {
    const { clock } = labels.get(post.id)!;
    const messageLines = plainText(post.raw).split(/\r\n|\r|\n/).flatMap((part) => (part.trim() === "" ? [""] : wrapText(part, messageWidth)));
    messageLines.forEach((text, row) => {
      lines.push(
        `${pad(row === 0 ? clock : "", CLOCK_COLUMN)}   ${pad(row === 0 ? identity(post) : "", identityWidth)}   ${pad(text, messageWidth)} `,
      );
    });
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------- TSV

/** Tabs and line breaks would break every client's framing (spec §11.2 #11). */
const tsvField = (text: string) => text.replace(/[\t\r\n]/g, " ");

/** The TSV backend (spec §2.5): id, time, info, login, raw message; exactly 5 fields, `\n` after every line. */
export function tsvBody(posts: readonly TribunePost[], options: { timeZone: string }): string {
  return posts
    .map((post) =>
      [String(post.id), localStamp(post.time, options.timeZone), tsvField(post.info), tsvField(post.login ?? ""), tsvField(post.raw)].join("\t") + "\n",
    )
    .join("");
}

// ---------------------------------------------------------------------------------------------- JSON

export type JsonOptions = { timeZone: string; isOwned?: (post: TribunePost) => boolean };

/** JSON as Python's `json.dumps` writes it: `", "` and `": "` separators, non-ASCII as `\uXXXX`. */
function pythonJson(value: string | number | boolean | null): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The JSON backend (spec §2.6), keys in the reference's order. */
export function jsonBody(posts: readonly TribunePost[], options: JsonOptions): string {
  const stamps = stampsOf(posts, options.timeZone);
  const indices = clockIndices(posts, stamps);
  const rows = posts.map((post) => {
    const stamp = stamps.get(post.id)!;
    const index = indices.get(post.id)!;
    const fields: Array<[string, string | number | boolean | null]> = [
      ["id", post.id],
      ["created", stamp],
      ["clock", clockOf(stamp)],
      ["author__username", post.login],
      ["user_agent", post.info],
      ["web_render", post.webRender],
      ["clock_indice", index],
      ["clockclass", stamp.slice(8) + String(index).padStart(2, "0")],
      ["owned", options.isOwned?.(post) ?? false],
    ];
    return `{${fields.map(([key, value]) => `${pythonJson(key)}: ${pythonJson(value)}`).join(", ")}}`;
  });
  return `[${rows.join(", ")}]`;
}

// ---------------------------------------------------------------------------------------------- XML

export type XmlOptions = { timeZone: string; /** The `board/@site` value, e.g. `http://example.com`. */ site: string };

const XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n";

const xmlText = (text: string) => stripXmlInvalid(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const xmlAttr = (text: string) =>
  xmlText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
const element = (name: string, inner: string) => (inner === "" ? `<${name} />` : `<${name}>${inner}</${name}>`);

function postElements(posts: readonly TribunePost[], timeZone: string): Array<{ open: string; children: string[] }> {
  return posts.map((post) => ({
    open: `<post id="${post.id}" time="${localStamp(post.time, timeZone)}">`,
    children: [
      element("info", xmlText(post.info)),
      element("login", xmlText(post.login ?? "")),
      // The remote render is already well-formed markup; only characters XML forbids are taken out.
      element("message", stripXmlInvalid(post.message)),
    ],
  }));
}

/** The XML backend (spec §2.7): declaration line, then the board on one line with no final newline. */
export function xmlBody(posts: readonly TribunePost[], options: XmlOptions): string {
  const board = `board site="${xmlAttr(options.site)}"`;
  if (posts.length === 0) return `${XML_DECLARATION}<${board} />`;
  const body = postElements(posts, options.timeZone).map((post) => `${post.open}${post.children.join("")}</post>`).join("");
  return `${XML_DECLARATION}<${board}>${body}</board>`;
}

/** CRAP XML (spec §2.7.1): the same document indented one space per level, at board and post level only. */
export function crapXmlBody(posts: readonly TribunePost[], options: XmlOptions): string {
  const board = `board site="${xmlAttr(options.site)}"`;
  if (posts.length === 0) return `${XML_DECLARATION}<${board} />\n`;
  const body = postElements(posts, options.timeZone)
    .map((post) => `\n ${post.open}${post.children.map((child) => `\n  ${child}`).join("")}\n </post>`)
    .join("");
  return `${XML_DECLARATION}<${board}>${body}\n</board>\n`;
}
