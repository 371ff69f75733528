import { render } from "./helpers/ui";
import { formatMessage, isEmojiOnly, safeHref } from "@/app/_components/chat/format";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { grammarOf, highlight, textOf } from "@/lib/client/highlight";

const ctx = { users: new Set(["alice", "bob"]), me: "alice" };
const show = (text: string) => render(<div>{formatMessage(text, ctx)}</div>).container.firstElementChild as HTMLElement;

describe("the mark after a message's text", () => {
  const withMark = (text: string) =>
    render(<div>{formatMessage(text, { ...ctx, trailing: <span data-testid="mark">(edited)</span> })}</div>).container.firstElementChild as HTMLElement;

  it("sits at the end of the last paragraph, not on a line of its own", () => {
    const body = withMark("first paragraph\n\n**last** one");
    const mark = body.querySelector("[data-testid=mark]")!;
    expect(mark.parentElement!.tagName).toBe("P");
    expect(mark.parentElement!.textContent).toBe("last one(edited)");
    expect(body.querySelectorAll("[data-testid=mark]")).toHaveLength(1);
  });

  it("follows a text that ends with a block other than a paragraph", () => {
    for (const text of ["- one\n- two", "```\ncode\n```", "> quoted"]) {
      const body = withMark(text);
      expect(body.querySelectorAll("[data-testid=mark]")).toHaveLength(1);
      expect(body.lastElementChild!.getAttribute("data-testid")).toBe("mark");
    }
  });
});

describe("message formatting", () => {
  it("renders bold, underline, strike and italic, nested and across lines", () => {
    const body = show("**bold** __under__ ~~gone~~ *it* **a *b* c** **two\nlines**");
    expect(body.querySelector("strong")?.textContent).toBe("bold");
    expect(body.querySelector("u")?.textContent).toBe("under");
    expect(body.querySelector("s")?.textContent).toBe("gone");
    expect(body.querySelector("em")?.textContent).toBe("it");
    expect(body.querySelectorAll("strong")[1]!.querySelector("em")?.textContent).toBe("b");
    expect(body.querySelectorAll("strong")[2]!.textContent).toBe("two\nlines");
  });

  it("leaves markers alone where they do not pair up", () => {
    expect(show("2 * 3 * 4 and a ** b").querySelectorAll("strong, em")).toHaveLength(0);
    expect(show("snake_case_name").querySelector("u")).toBeNull();
    expect(show("window.__xss=1 and obj.__proto__x").querySelector("u")).toBeNull();
    expect(show("a __real__ one").querySelector("u")?.textContent).toBe("real");
  });

  it("renders inline code without formatting inside it", () => {
    const code = show("run `npm **test**` now").querySelector("code");
    expect(code?.textContent).toBe("npm **test**");
    expect(code?.querySelector("strong")).toBeNull();
  });

  it("renders fenced code blocks with their language, a copy button and highlighting", () => {
    const body = show("before\n```python\ndef f():\n    return 'x'  # note\n```\nafter");
    expect(body.textContent).toContain("python");
    expect(body.querySelector("button")?.textContent).toBe("Copy");
    expect(body.querySelector("pre")?.textContent).toBe("def f():\n    return 'x'  # note");
    expect(body.querySelector(".hl-kw")?.textContent).toBe("def");
    expect(body.querySelector(".hl-str")?.textContent).toBe("'x'");
    expect(body.querySelector(".hl-cmt")?.textContent).toBe("# note");
  });

  it("links http(s) and www. addresses, opening a new tab safely", () => {
    const links = show("see https://example.com/a?b=1, and www.example.org.").querySelectorAll("a");
    expect([...links].map((a) => a.getAttribute("href"))).toEqual(["https://example.com/a?b=1", "https://www.example.org/"]);
    expect(links[0]!.getAttribute("target")).toBe("_blank");
    expect(links[0]!.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("makes pills of mentions of real users and @everyone, mine marked", () => {
    const body = show("hi @Bob and @alice and @everyone and @nobody and mail@bob");
    const pills = [...body.querySelectorAll(".mention")].map((p) => [p.textContent, p.classList.contains("mention-me")]);
    expect(pills).toEqual([
      ["@Bob", false],
      ["@alice", true],
      ["@everyone", true],
    ]);
    expect(body.textContent).toContain("@nobody");
  });

  it("spots emoji-only messages", () => {
    expect(isEmojiOnly("🎉🎉")).toBe(true);
    expect(isEmojiOnly("👍🏽 ❤️")).toBe(true);
    expect(isEmojiOnly("🇫🇷")).toBe(true);
    expect(isEmojiOnly("ok 👍")).toBe(false);
    expect(isEmojiOnly("123")).toBe(false);
  });
});

describe("user content is never HTML", () => {
  const corpus = [
    `<img src=x onerror="alert(1)">`,
    `" onmouseover="alert(1)`,
    `https://x/"onmouseover="alert(1)`,
    `<script>alert(1)</script>`,
    `**<b onclick=alert(1)>x</b>**`,
    "```html\n<svg onload=alert(1)>\n```",
    "`<iframe src=javascript:alert(1)>`",
    `javascript:alert(1)`,
    `<a href="javascript:alert(1)">x</a>`,
    `@<img src=x>`,
  ];

  it.each(corpus)("%s stays text", (text) => {
    const body = show(text);
    expect(body.querySelectorAll("img, script, svg, iframe, [onerror], [onclick], [onmouseover], [onload]")).toHaveLength(0);
    for (const a of body.querySelectorAll("a")) expect(a.getAttribute("href")).toMatch(/^https?:\/\//);
    expect(body.textContent).toContain(text.replace(/```html\n|\n```|`|\*\*/g, "").split("\n")[0]!.slice(0, 10));
  });

  it("never links a non-http scheme", () => {
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("https://ok.example/")).toBe("https://ok.example/");
  });
});

describe("the highlighter", () => {
  const code = "int main() { /* c */ return 0x1F; } // end\n#include <x> & \"s\" 'c'";

  it("returns the code unchanged for every language of the reference, and plain code for an unknown one", () => {
    const languages = ["c", "h", "cpp", "js", "ts", "tsx", "json", "python", "py", "go", "rust", "rs", "sh", "bash", "zsh", "java", "kt", "groovy", "gradle", "jenkinsfile", "vhdl", "vhd", "verilog", "sv", "xml", "html", "svg", "make", "makefile", "cmake"];
    for (const lang of languages) {
      expect(grammarOf(lang)).not.toBeNull();
      expect(textOf(highlight(code, lang))).toBe(code);
    }
    expect(grammarOf("brainfuck")).toBeNull();
    expect(highlight(code, "brainfuck")).toEqual([code]);
  });

  it("colours what a reader tells apart: keywords, strings, comments, numbers, types, preprocessor lines", () => {
    const body = show("```c\n" + code + "\n```");
    expect([...body.querySelectorAll(".hl-kw")].map((el) => el.textContent)).toContain("return");
    expect(body.querySelector(".hl-cmt")?.textContent).toBe("/* c */");
    expect(body.querySelector(".hl-num")?.textContent).toBe("0x1F");
    expect(body.querySelector(".hl-type")?.textContent).toBe("int");
    expect(body.querySelector(".hl-dec")?.textContent).toContain("#include");
    expect(body.querySelector("pre")?.textContent).toBe(code);
  });

  it("styles every token class it produces in both themes", () => {
    const css = readFileSync(join(__dirname, "../app/globals.css"), "utf8");
    for (const cls of ["str", "cmt", "kw", "type", "bi", "num", "dec", "var"]) {
      expect(css).toMatch(new RegExp(`\\.hl-${cls}\\s*\\{[^}]*var\\(--hl-${cls}\\)`));
      // A colour in the dark theme and another in the light one.
      expect(css.match(new RegExp(`--hl-${cls}:\\s*#`, "g"))?.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("mention pills follow the server's rule", () => {
  it("pill a mention, never an @ inside an address, a URL or a path", () => {
    const body = show("hi @bob, mail a.b.@bob or foo@bob.com, see https://x.example/@bob");
    expect([...body.querySelectorAll(".mention")].map((el) => el.textContent)).toEqual(["@bob"]);
  });
});

describe("tribune tags in posts made from a coincoin", () => {
  const tribune = (text: string) => render(<div>{formatMessage(text, { ...ctx, tribune: true })}</div>).container.firstElementChild as HTMLElement;

  it("are markup in a tribune post and text in a web message", () => {
    const body = tribune("<b>bold</b> <i>it</i> <u>under</u> <s>gone</s> <tt>mono</tt> <code><b>raw</b></code>");
    expect(body.querySelector("strong")?.textContent).toBe("bold");
    expect(body.querySelector("em")?.textContent).toBe("it");
    expect(body.querySelector("u")?.textContent).toBe("under");
    expect(body.querySelector("s")?.textContent).toBe("gone");
    expect([...body.querySelectorAll("code")].map((c) => c.textContent)).toEqual(["mono", "<b>raw</b>"]);
    expect(show("<b>bold</b>").querySelector("strong")).toBeNull();
    expect(show("<b>bold</b>").textContent).toBe("<b>bold</b>");
  });

  it("shows a moment as coincoins do, closes an unclosed tag at the end, and leaves other tags as text", () => {
    expect(tribune("<m>Automatique</m>").textContent).toBe("====> Moment Automatique <====");
    expect(tribune("<b>to the end").querySelector("strong")?.textContent).toBe("to the end");
    const body = tribune(`<b class="x">no</b> <img src=x onerror="alert(1)"> <script>alert(1)</script>`);
    expect(body.querySelectorAll("img, script, [onerror], [class=x]")).toHaveLength(0);
    expect(body.textContent).toContain("<img src=x");
  });
});
