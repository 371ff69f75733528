// The tribune's message renderer (spec §5): one tokenizer, two outputs. The remote render is the exact
// inner XML of a `<message>` element (tags as markup, text escaped once), so the XML backends embed it as
// is; the web render is the HTML the JSON backend carries. Both are always balanced and free of characters
// XML 1.0 forbids, so no message can break a client's parser (DESIGN tribune decision 4).

export type RenderOptions = {
  /** Totoz image URL; `{0}` is replaced by the name (web render only). */
  smileysUrl?: string;
};

const DEFAULT_SMILEYS_URL = "http://totoz.eu/{0}.gif";

type Face = "remote" | "web";

const TOTOZ = String.raw`\[:[A-Za-z0-9_@ -]+(?::[0-9]+)?\]`;
const SEP = String.raw`[()[\]"]`;
const TAG = String.raw`<(?<slash>\/?)(?<tagName>b|i|s|u|tt|m|code)>`;
// The reference's `git+ssh` was a regex accident (spec §11.2 #12): the literal schemes are matched here.
const SCHEME = String.raw`(?<schemeName>https?|ftp|chrome|gopher|git\+ssh|git|svn\+ssh|svn):\/\/`;
const CLOCK =
  String.raw`(?<![0-9])(?:2[0-3]|[01][0-9])(?<c>(?=[0-5][0-9][:0-9])|:)[0-5][0-9]` +
  String.raw`(?:\k<c>[0-5][0-9](?:[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]?|[\^:][1-9][0-9]?)?)?(?![0-9:@])`;
// Alternatives in the reference's order: totoz | sep | tag | scheme | clock.
const TOKEN = new RegExp(`(?<totoz>${TOTOZ})|(?<sep>${SEP})|(?<tag>${TAG})|(?<scheme>${SCHEME})|(?<clock>${CLOCK})`, "gu");

type Token =
  | { kind: "txt"; text: string }
  | { kind: "totoz"; text: string }
  | { kind: "sep"; text: string }
  | { kind: "tag"; text: string; name: string; closing: boolean }
  | { kind: "scheme"; text: string; scheme: string }
  | { kind: "clock"; text: string };

// Everything XML 1.0 cannot carry: C0 controls other than tab, LF and CR, U+FFFE/U+FFFF and lone surrogates.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Removes the characters XML 1.0 does not allow anywhere in a document. */
export function stripXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, "");
}

export function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  for (const match of raw.matchAll(TOKEN)) {
    if (match.index > at) tokens.push({ kind: "txt", text: raw.slice(at, match.index) });
    const text = match[0];
    const groups = match.groups ?? {};
    if (groups.totoz !== undefined) tokens.push({ kind: "totoz", text });
    else if (groups.sep !== undefined) tokens.push({ kind: "sep", text });
    else if (groups.tag !== undefined) tokens.push({ kind: "tag", text, name: groups.tagName ?? "", closing: groups.slash === "/" });
    else if (groups.scheme !== undefined) tokens.push({ kind: "scheme", text, scheme: groups.schemeName ?? "" });
    else tokens.push({ kind: "clock", text });
    at = match.index + text.length;
  }
  if (at < raw.length) tokens.push({ kind: "txt", text: raw.slice(at) });
  return tokens;
}

/** Remote text is serialized XML character data: `"` and `'` stay raw, as ElementTree writes them. */
function escapeRemoteText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeRemoteAttr(text: string): string {
  return escapeRemoteText(text).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}

/** The web render's text escaping (spec §5.2): numeric references, single quotes left alone. */
function escapeWeb(text: string): string {
  return text.replace(/&/g, "&#38;").replace(/</g, "&#60;").replace(/>/g, "&#62;").replace(/"/g, "&#34;");
}

// URL labels (spec §5.3), first match wins; `$1` is the pattern's group.
const LABELS: ReadonlyArray<readonly [RegExp, string]> = [
  [/.tar.gz/, "tgz"], [/.tgz/, "tgz"], [/.(zip|rpm|deb|tgz)$/, "$1"], [/.pdf/, "pdf"],
  [/http:\/\/localhost/, "localhost"], [/wikipedia.org\/wiki\/(.*)/, "$1@wikipedia"],
  [/youtube.com/, "youtube"], [/dailymotion.com/, "dailymotion"], [/bashfr.org/, "bashfr"], [/imdb.com/, "imdb"],
  [/google./, "google"], [/yahoo./, "yahoo"], [/lemonde.fr/, "lemonde"], [/liberation.fr/, "libe"],
  [/lefigaro.fr/, "lefigaro"], [/journaldunet./, "jdn"], [/01net.com/, "01net"], [/forum.hardware/, "hfr"],
  [/linuxfr.org/, "Dlfp"], [/goatse/, "pas cliquer!"], [/goat.cx/, "pas cliquer!"], [/glazman.org/, "yerk pas cliquer!"],
  [/.ssz.fr/, "pas cliquer non plus!"], [/wiki/, "wiki"], [/wickedweasel/, "WW"], [/slashdot.org/, "/."],
  [/osnews.com/, "osnews"], [/zdnet./, "zdnet"], [/ruby/, "ruby"], [/\/goomi\/unspeakable/, "Fhtagn!"],
  [/http:\/\/(.*).free.fr/, "$1@free"],
];

/** The bracketed label of a link, unescaped: `url` for http, the scheme otherwise, or a known site's name. */
export function urlLabel(url: string, scheme: string): string {
  for (const [pattern, label] of LABELS) {
    const match = pattern.exec(url);
    if (match) return label.replace("$1", () => match[1] ?? "");
  }
  return scheme === "http" ? "url" : scheme;
}

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", '"': '"' };

type Chunk = string | { open: string } | { close: string };

function render(rawInput: string, face: Face, options: RenderOptions): string {
  const raw = stripXmlInvalid(rawInput);
  const escape = face === "remote" ? escapeRemoteText : escapeWeb;
  const escapeAttr = face === "remote" ? escapeRemoteAttr : escapeWeb;
  const smileys = options.smileysUrl ?? DEFAULT_SMILEYS_URL;
  const tokens = tokenize(raw);
  const chunks: Chunk[] = [];
  // The open tags, innermost last, and how many of each are open: web messages have no length cap, so
  // "is this tag open?" must not scan the stack.
  const open: string[] = [];
  const openCount = new Map<string, number>();
  const isOpen = (name: string) => (openCount.get(name) ?? 0) > 0;
  const push = (name: string) => {
    open.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = open.pop();
    if (name !== undefined) openCount.set(name, openCount.get(name)! - 1);
    return name;
  };
  let lastSep: string | null = null;

  const closeTag = (name: string) => {
    const previous = chunks.at(-1);
    // An element with nothing inside leaves no trace (`<b></b>` → nothing).
    if (previous !== undefined && typeof previous !== "string" && "open" in previous && previous.open === name) chunks.pop();
    else chunks.push({ close: name });
  };

  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (isOpen("code")) {
      if (token.kind === "tag" && token.closing && token.name === "code") {
        let name: string | undefined;
        do {
          name = pop();
          if (name !== undefined) closeTag(name);
        } while (name !== undefined && name !== "code");
      } else {
        chunks.push(escape(token.text));
      }
      continue;
    }
    switch (token.kind) {
      case "txt":
        chunks.push(escape(token.text));
        break;
      case "sep":
        if (token.text in CLOSERS) lastSep = token.text;
        chunks.push(token.text);
        break;
      case "totoz":
        if (face === "remote") chunks.push(escape(token.text));
        else {
          const href = smileys.replace("{0}", token.text.slice(2, -1));
          chunks.push(`<a class="smiley" href="${escapeAttr(href)}" rel="nofollow">${escape(token.text)}</a>`);
        }
        break;
      case "clock":
        chunks.push(face === "remote" ? escape(token.text) : `<span class="pointer">${escape(token.text)}</span>`);
        break;
      case "tag":
        if (!token.closing) {
          const previous = chunks.at(-1);
          // Adjacent runs of one tag merge: `<b>x</b><b>y</b>` → `<b>xy</b>`.
          if (previous !== undefined && typeof previous !== "string" && "close" in previous && previous.close === token.name) chunks.pop();
          else chunks.push({ open: token.name });
          push(token.name);
        } else if (isOpen(token.name)) {
          let name: string | undefined;
          do {
            name = pop();
            if (name !== undefined) closeTag(name);
          } while (name !== undefined && name !== token.name);
        }
        // A closer for a tag that is not open is dropped.
        break;
      case "scheme": {
        const terminator = lastSep === null ? " " : CLOSERS[lastSep]!;
        let url = token.text;
        let rest: string | null = null;
        while (index + 1 < tokens.length) {
          const next = tokens[index + 1]!;
          if (next.kind === "tag" || (next.kind === "sep" && next.text === terminator)) break;
          index++;
          if (next.kind === "txt" && next.text.includes(" ")) {
            const space = next.text.indexOf(" ");
            url += next.text.slice(0, space);
            rest = next.text.slice(space);
            break;
          }
          url += next.text;
        }
        const label = escape(`[${urlLabel(url, token.scheme)}]`);
        const extra = face === "web" ? ' class="external" rel="nofollow"' : "";
        chunks.push(`<a href="${escapeAttr(url)}"${extra}>${label}</a>`);
        if (rest !== null) chunks.push(escape(rest));
        break;
      }
    }
  }
  for (let name = pop(); name !== undefined; name = pop()) closeTag(name);

  return chunks
    .map((chunk) => {
      if (typeof chunk === "string") return chunk;
      if ("open" in chunk) return chunk.open === "m" ? `====${face === "remote" ? "&gt;" : "&#62;"} <b>Moment ` : `<${chunk.open}>`;
      return chunk.close === "m" ? `</b> ${face === "remote" ? "&lt;" : "&#60;"}====` : `</${chunk.close}>`;
    })
    .join("");
}

/** The inner XML of the `<message>` element for the XML backends: well-formed, balanced, ready to embed. */
export function remoteRender(raw: string, options: RenderOptions = {}): string {
  return render(raw, "remote", options);
}

/** The HTML of a message for the JSON backend and web views: pointers on clocks, totoz images, external links. */
export function webRender(raw: string, options: RenderOptions = {}): string {
  return render(raw, "web", options);
}
