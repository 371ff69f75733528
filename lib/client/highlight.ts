/**
 * Code highlighting by highlight.js (core, with only the reference's languages registered, spec §5.3,
 * to keep the bundle small). Its output is read back into a small tree that React renders: no HTML is
 * ever handed to the page. Token classes are the reference's `hl-*` names, styled for both themes in
 * app/globals.css.
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cmake from "highlight.js/lib/languages/cmake";
import cpp from "highlight.js/lib/languages/cpp";
import go from "highlight.js/lib/languages/go";
import groovy from "highlight.js/lib/languages/groovy";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import kotlin from "highlight.js/lib/languages/kotlin";
import makefile from "highlight.js/lib/languages/makefile";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import typescript from "highlight.js/lib/languages/typescript";
import verilog from "highlight.js/lib/languages/verilog";
import vhdl from "highlight.js/lib/languages/vhdl";
import xml from "highlight.js/lib/languages/xml";

const GRAMMARS = { bash, c, cmake, cpp, go, groovy, java, javascript, json, kotlin, makefile, python, rust, typescript, verilog, vhdl, xml };
for (const [name, grammar] of Object.entries(GRAMMARS)) hljs.registerLanguage(name, grammar);

/** A fence's label (lower-cased) → the grammar: the reference's aliases (spec §5.3) and the usual names. */
const ALIASES: Record<string, keyof typeof GRAMMARS> = {
  py: "python", pyw: "python", pyi: "python", python: "python",
  js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript", javascript: "javascript",
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript", typescript: "typescript",
  json: "json",
  c: "c", h: "c",
  cpp: "cpp", cc: "cpp", cxx: "cpp", hpp: "cpp", hxx: "cpp", hh: "cpp", "c++": "cpp",
  sh: "bash", bash: "bash", zsh: "bash", shell: "bash",
  make: "makefile", makefile: "makefile", mk: "makefile",
  cmake: "cmake",
  groovy: "groovy", gradle: "groovy", jenkinsfile: "groovy",
  java: "java", kt: "kotlin", kotlin: "kotlin",
  vhd: "vhdl", vhdl: "vhdl",
  v: "verilog", vh: "verilog", sv: "verilog", svh: "verilog", verilog: "verilog", systemverilog: "verilog",
  go: "go", golang: "go",
  rs: "rust", rust: "rust",
  xml: "xml", xsl: "xml", xslt: "xml", xsd: "xml", svg: "xml", html: "xml", htm: "xml",
};

/** The grammar a fence label names, or null (unknown labels show plain code). */
export function grammarOf(language: string): string | null {
  return ALIASES[language.trim().toLowerCase()] ?? null;
}

/** highlight.js scopes → the reference's token classes; scopes not listed stay plain. */
const CLASS_OF: Record<string, string> = {
  keyword: "hl-kw", "selector-tag": "hl-kw", name: "hl-kw", doctag: "hl-kw", section: "hl-kw",
  string: "hl-str", regexp: "hl-str", symbol: "hl-str", char: "hl-str", link: "hl-str",
  comment: "hl-cmt", quote: "hl-cmt",
  type: "hl-type", "title.class": "hl-type", "title.class.inherited": "hl-type", attr: "hl-type", attribute: "hl-type",
  built_in: "hl-bi", "title.function": "hl-bi", "title.function.invoke": "hl-bi",
  number: "hl-num", literal: "hl-num",
  meta: "hl-dec",
  variable: "hl-var", "template-variable": "hl-var", "variable.language": "hl-kw", params: "hl-var",
};

/** A highlighted span (its class, or null when its scope has no colour) or plain text. */
export type HighlightNode = string | { className: string | null; children: HighlightNode[] };

/** `hljs-title function_` → `title.function` (highlight.js writes sub-scopes as trailing `_` classes). */
function scopeOf(classes: string): string {
  const [first = "", ...rest] = classes.split(/\s+/);
  return [first.replace(/^hljs-/, ""), ...rest.map((part) => part.replace(/_+$/, ""))].join(".");
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
const decode = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, (entity) => ENTITIES[entity]!);

/**
 * highlight.js escapes every character of the code it prints, so the only markup in its output is its
 * own `<span class="…">` and `</span>`: that is all this reads.
 */
function toTree(html: string): HighlightNode[] {
  const root: HighlightNode[] = [];
  const stack: HighlightNode[][] = [root];
  const parts = /<span class="([^"]*)">|<\/span>|[^<]+/g;
  for (let m = parts.exec(html); m; m = parts.exec(html)) {
    const top = stack[stack.length - 1]!;
    if (m[0] === "</span>") {
      if (stack.length > 1) stack.pop();
    } else if (m[1] !== undefined) {
      const scope = scopeOf(m[1]);
      const node = { className: CLASS_OF[scope] ?? CLASS_OF[scope.split(".")[0]!] ?? null, children: [] as HighlightNode[] };
      top.push(node);
      stack.push(node.children);
    } else {
      top.push(decode(m[0]));
    }
  }
  return root;
}

/** Above this, code is shown plain: highlighting it would hold up the whole channel's rendering. */
export const MAX_HIGHLIGHT = 50_000;

/** `code` as a highlighted tree, or `[code]` as it is when the language is unknown or the code too long. */
export function highlight(code: string, language: string): HighlightNode[] {
  const grammar = grammarOf(language);
  if (!grammar || code.length > MAX_HIGHLIGHT) return [code];
  try {
    return toTree(hljs.highlight(code, { language: grammar, ignoreIllegals: true }).value);
  } catch {
    return [code];
  }
}

/** The text a tree shows (its code, unchanged). */
export function textOf(nodes: readonly HighlightNode[]): string {
  return nodes.map((node) => (typeof node === "string" ? node : textOf(node.children))).join("");
}
