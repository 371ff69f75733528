/**
 * A small regex highlighter (spec §5.3): comments, strings, numbers, keywords, types, builtins and
 * decorators for the reference's languages. Produces tokens; rendering stays in React (no HTML).
 */
export type TokenKind = "plain" | "str" | "cmt" | "kw" | "type" | "bi" | "num" | "dec";
export interface Token {
  kind: TokenKind;
  text: string;
}

interface Grammar {
  comment: RegExp[];
  keywords: string;
  types?: string;
  builtins?: string;
  decorator?: RegExp;
}

const C_COMMENTS = [/\/\/[^\n]*/y, /\/\*[\s\S]*?\*\//y];
const HASH_COMMENT = [/#[^\n]*/y];

const GRAMMARS: Record<string, Grammar> = {
  python: {
    comment: HASH_COMMENT,
    keywords: "and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case",
    types: "int float str bool list dict set tuple bytes object None True False",
    builtins: "print len range open isinstance enumerate zip map filter sorted super self",
    decorator: /@[A-Za-z_][\w.]*/y,
  },
  js: {
    comment: C_COMMENTS,
    keywords: "async await break case catch class const continue debugger default delete do else export extends finally for from function if import in instanceof let new of return static super switch this throw try typeof var void while with yield interface type enum implements as",
    types: "string number boolean any unknown never void null undefined true false Promise Record Array Map Set",
    builtins: "console window document JSON Math Object fetch require module process",
    decorator: /@[A-Za-z_][\w.]*/y,
  },
  c: {
    comment: C_COMMENTS,
    keywords: "auto break case const continue default do else enum extern for goto if inline register return sizeof static struct switch typedef union volatile while class namespace template typename public private protected virtual override new delete using try catch throw nullptr",
    types: "void char short int long float double signed unsigned bool size_t uint8_t uint16_t uint32_t uint64_t int8_t int16_t int32_t int64_t std string vector",
    builtins: "printf malloc free memcpy memset strlen NULL true false",
    decorator: /#\s*[a-z]+/y,
  },
  sh: {
    comment: HASH_COMMENT,
    keywords: "if then else elif fi for while until do done case esac in function return local export readonly set unset shift exit",
    builtins: "echo cd ls cat grep sed awk printf read test source eval exec",
  },
  go: {
    comment: C_COMMENTS,
    keywords: "break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var",
    types: "bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr nil true false iota",
    builtins: "append cap close copy delete len make new panic print println recover",
  },
  rust: {
    comment: C_COMMENTS,
    keywords: "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while",
    types: "bool char i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 str String Vec Option Result Some None Ok Err true false",
    builtins: "println print format vec panic assert assert_eq",
    decorator: /#!?\[[^\]\n]*\]/y,
  },
  java: {
    comment: C_COMMENTS,
    keywords: "abstract assert break case catch class const continue default do else enum extends final finally for goto if implements import instanceof interface native new package private protected public return static strictfp super switch synchronized this throw throws transient try volatile while var record",
    types: "boolean byte char short int long float double void String Object Integer List Map null true false",
    decorator: /@[A-Za-z_][\w.]*/y,
  },
  make: { comment: HASH_COMMENT, keywords: "ifeq ifneq ifdef ifndef else endif include define endef export override", builtins: "wildcard patsubst shell foreach call subst filter" },
  vhdl: {
    comment: [/--[^\n]*/y],
    keywords: "architecture begin case component constant else elsif end entity for function generate generic if in is library loop map of others out inout port process signal then type use variable when while with downto to",
    types: "std_logic std_logic_vector integer natural boolean unsigned signed",
  },
  verilog: {
    comment: C_COMMENTS,
    keywords: "module endmodule input output inout wire reg logic always always_ff always_comb assign begin end if else case endcase for parameter localparam posedge negedge initial function endfunction",
  },
  xml: { comment: [/<!--[\s\S]*?-->/y], keywords: "" },
};

const ALIASES: Record<string, string> = {
  py: "python", pyw: "python", python: "python",
  js: "js", ts: "js", jsx: "js", tsx: "js", mjs: "js", cjs: "js", javascript: "js", typescript: "js", json: "js",
  c: "c", h: "c", cpp: "c", cc: "c", cxx: "c", hpp: "c", hxx: "c",
  sh: "sh", bash: "sh", zsh: "sh", shell: "sh",
  make: "make", makefile: "make", mk: "make", cmake: "make",
  groovy: "java", gradle: "java", jenkinsfile: "java", java: "java", kt: "java",
  vhd: "vhdl", vhdl: "vhdl", v: "verilog", vh: "verilog", sv: "verilog", svh: "verilog",
  go: "go", rs: "rust", rust: "rust",
  xml: "xml", xsl: "xml", xslt: "xml", xsd: "xml", svg: "xml", html: "xml", htm: "xml",
};

const STRING = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/y;
const NUMBER = /\b(?:0x[0-9a-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/y;
const WORD = /[A-Za-z_$][\w$]*/y;

const sets = new Map<string, { kw: Set<string>; type: Set<string>; bi: Set<string> }>();

export function highlight(code: string, language: string): Token[] {
  const grammar = GRAMMARS[ALIASES[language.toLowerCase()] ?? ""];
  if (!grammar) return [{ kind: "plain", text: code }];
  const key = ALIASES[language.toLowerCase()] ?? "";
  let words = sets.get(key);
  if (!words) {
    words = { kw: new Set(grammar.keywords.split(" ")), type: new Set((grammar.types ?? "").split(" ")), bi: new Set((grammar.builtins ?? "").split(" ")) };
    sets.set(key, words);
  }
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind === kind && kind === "plain") last.text += text;
    else tokens.push({ kind, text });
  };
  const sticky = (re: RegExp, at: number) => {
    re.lastIndex = at;
    return re.exec(code)?.[0] ?? null;
  };
  let at = 0;
  while (at < code.length) {
    let hit: string | null = null;
    for (const re of grammar.comment) if ((hit = sticky(re, at))) break;
    if (hit) {
      push("cmt", hit);
    } else if ((hit = sticky(STRING, at))) {
      push("str", hit);
    } else if (grammar.decorator && (hit = sticky(grammar.decorator, at))) {
      push("dec", hit);
    } else if ((hit = sticky(NUMBER, at))) {
      push("num", hit);
    } else if ((hit = sticky(WORD, at))) {
      push(words.kw.has(hit) ? "kw" : words.type.has(hit) ? "type" : words.bi.has(hit) ? "bi" : "plain", hit);
    } else {
      hit = code.charAt(at);
      push("plain", hit);
    }
    at += hit.length;
  }
  return tokens;
}
