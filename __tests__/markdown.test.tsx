import { render } from "./helpers/ui";
import { formatMessage, isEmojiOnly } from "@/app/_components/chat/format";

const ctx = { users: new Set(["alice", "bob"]), me: "alice" };
const show = (text: string, extra: Partial<typeof ctx & { tribune: boolean }> = {}) =>
  render(<div>{formatMessage(text, { ...ctx, ...extra })}</div>).container.firstElementChild as HTMLElement;

describe("GitHub-flavoured Markdown", () => {
  it("renders bullet and numbered lists, keeping the number a list starts at", () => {
    const body = show("- one\n- **two**\n\n3. three\n4. four");
    expect([...body.querySelectorAll("ul > li")].map((li) => li.textContent)).toEqual(["one", "two"]);
    expect(body.querySelector("ul > li strong")?.textContent).toBe("two");
    expect(body.querySelector("ol")?.getAttribute("start")).toBe("3");
    expect([...body.querySelectorAll("ol > li")].map((li) => li.textContent)).toEqual(["three", "four"]);
  });

  it("renders quotes, with markup inside", () => {
    const quote = show("> quoted *words*\n\nreply").querySelector("blockquote");
    expect(quote?.textContent).toBe("quoted words");
    expect(quote?.querySelector("em")?.textContent).toBe("words");
  });

  it("renders a labelled link to its address, in a new tab", () => {
    const a = show("read [the **docs**](https://example.com/docs?x=1) now").querySelector("a");
    expect(a?.textContent).toBe("the docs");
    expect(a?.getAttribute("href")).toBe("https://example.com/docs?x=1");
    expect(a?.getAttribute("target")).toBe("_blank");
    expect(a?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("renders headings", () => {
    const body = show("# Title\n## Part\ntext");
    expect(body.querySelector("h1")?.textContent).toBe("Title");
    expect(body.querySelector("h2")?.textContent).toBe("Part");
    expect(body.querySelector("p")?.textContent).toBe("text");
  });

  it("renders tables with their header, cells and alignment", () => {
    const body = show("| name | n |\n|:-----|--:|\n| a | 1 |\n| `b` | 22 |");
    expect([...body.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["name", "n"]);
    expect([...body.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent))).toEqual([["a", "1"], ["b", "22"]]);
    expect(body.querySelector("tbody td code")?.textContent).toBe("b");
    expect((body.querySelectorAll("tbody td")[1] as HTMLElement).style.textAlign).toBe("right");
  });

  it("renders task lists as read-only check boxes, the text without its brackets", () => {
    const items = [...show("- [ ] write tests\n- [x] ship it\n- plain").querySelectorAll("li")];
    const boxes = items.map((li) => li.querySelector<HTMLInputElement>("input[type=checkbox]"));
    expect(boxes.map((box) => box?.checked ?? null)).toEqual([false, true, null]);
    expect(boxes[0]!.disabled).toBe(true);
    expect(items.map((li) => li.textContent)).toEqual(["write tests", "ship it", "plain"]);
  });

  it("keeps the reference's syntax inside Markdown blocks: underline, strike, mentions, fenced code", () => {
    const body = show("- __under__ and ~~gone~~ for @bob\n\n> ```js\n> const x = 1;\n> ```");
    expect(body.querySelector("li u")?.textContent).toBe("under");
    expect(body.querySelector("li s")?.textContent).toBe("gone");
    expect(body.querySelector("li .mention")?.textContent).toBe("@bob");
    expect(body.querySelector("blockquote pre")?.textContent).toBe("const x = 1;");
    expect(body.querySelector("blockquote .hl-kw")?.textContent).toBe("const");
  });

  it("keeps line breaks inside a paragraph", () => {
    expect(show("line one\nline two").querySelector("p")?.textContent).toBe("line one\nline two");
  });

  it("does not link file names that look like foreign domains, nor e-mail addresses", () => {
    const body = show("edit config.py and README.md, mail me@example.com");
    expect(body.querySelectorAll("a")).toHaveLength(0);
    expect(body.textContent).toBe("edit config.py and README.md, mail me@example.com");
  });
});

describe("emoji shortcodes", () => {
  it("render as emoji, named for assistive technology, unknown names left as typed", () => {
    const body = show("well done :tada: :+1: :thumbsup: :party: :nosuchemoji:");
    const emoji = [...body.querySelectorAll(".emoji")];
    expect(emoji.map((e) => e.textContent)).toEqual(["🎉", "👍", "👍", "🎉"]);
    expect(emoji[0]!.getAttribute("aria-label")).toBe("tada");
    expect(body.textContent).toContain(":nosuchemoji:");
  });

  it("stay as typed inside code and links", () => {
    const body = show("`:tada:` https://example.com/:tada:/x");
    expect(body.querySelectorAll(".emoji")).toHaveLength(0);
    expect(body.querySelector("code")?.textContent).toBe(":tada:");
    expect(body.querySelector("a")?.getAttribute("href")).toBe("https://example.com/:tada:/x");
  });

  it("count as emoji in an emoji-only message", () => {
    expect(isEmojiOnly(":tada: :+1:")).toBe(true);
    expect(isEmojiOnly(":tada: yes")).toBe(false);
    expect(isEmojiOnly(":nosuchemoji:")).toBe(false);
  });
});

describe("hostile input stays text", () => {
  const dangerous = "script, img, svg, iframe, object, embed, style, [onerror], [onclick], [onload], [style*=url], [srcdoc]";

  it.each([
    ["a script tag", "<script>alert(1)</script>"],
    ["an image with a handler", `<img src=x onerror="alert(1)">`],
    ["an HTML block", "<div>\n<iframe src=//evil.example></iframe>\n</div>"],
    ["an inline style", `<span style="background:url(//evil.example)">x</span>`],
  ])("%s is shown as typed, never as an element", (_name, text) => {
    const body = show(text);
    expect(body.querySelectorAll(dangerous)).toHaveLength(0);
    expect(body.textContent?.replace(/\n/g, "")).toBe(text.replace(/\n/g, ""));
  });

  it.each([
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1)  )",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
  ])("%s never becomes a link to a script", (text) => {
    const body = show(text);
    for (const a of body.querySelectorAll("a")) expect(a.getAttribute("href")).toMatch(/^(https?:\/\/|mailto:|\/files\/)/);
    expect(body.querySelectorAll(dangerous)).toHaveLength(0);
  });

  it("links an image's description to its address instead of loading a picture from elsewhere", () => {
    const body = show("![a cat](https://tracker.example/cat.png)");
    expect(body.querySelectorAll("img")).toHaveLength(0);
    expect(body.querySelector("a")?.textContent).toBe("a cat");
    expect(body.querySelector("a")?.getAttribute("href")).toBe("https://tracker.example/cat.png");
  });

  it("shows HTML entities as typed, not decoded into markup", () => {
    const body = show("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;");
    expect(body.textContent).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62;");
    expect(body.querySelectorAll("script, b")).toHaveLength(0);
  });

  it("survives deeply nested markup without losing text", () => {
    const text = `${"> ".repeat(40)}${"**_~~".repeat(30)}deep${"~~_**".repeat(30)}`;
    const body = show(text);
    expect(body.textContent).toContain("deep");
    const nested = "[".repeat(500) + "x" + "](https://example.com)".repeat(500);
    expect(show(nested).textContent).toContain("x");
  });

  it("shows a 50 000-character code block whole, and longer ones too, as code", () => {
    const line = "const a = '<img src=x onerror=alert(1)>';\n";
    const code = line.repeat(Math.ceil(50_000 / line.length)).slice(0, 50_000);
    const body = show("```js\n" + code + "\n```");
    expect(body.querySelector("pre")?.textContent).toBe(code);
    expect(body.querySelectorAll("img")).toHaveLength(0);
    const longer = show("```js\n" + code + code + "\n```");
    expect(longer.querySelector("pre")?.textContent).toBe(code + code);
    expect(longer.querySelector(".hl-kw")).toBeNull();
  });

  it("tribune posts: only the tribune's tags are markup, everything else stays text", () => {
    const body = show(`<b>ok</b> <script>alert(1)</script> <i onclick="x">no</i> [a](javascript:alert(1))`, { tribune: true });
    expect(body.querySelector("strong")?.textContent).toBe("ok");
    expect(body.querySelectorAll(`${dangerous}, em, a`)).toHaveLength(0);
    expect(body.textContent).toContain("<script>alert(1)</script>");
  });
});

describe("text written for the reference's formatter", () => {
  it("shows backslashes as typed (no Markdown escapes): the shrug and the tribune's \\o/", () => {
    const body = show("¯\\_(ツ)_/¯ \\o/ a\\*b\\*c");
    expect(body.textContent).toBe("¯\\_(ツ)_/¯ \\o/ a\\*b\\*c");
  });
});

describe("underscores keep the reference's meaning", () => {
  it("__double__ underlines, a single pair stays text", () => {
    const body = show("__under__ _not italic_ *italic*");
    expect(body.querySelector("u")?.textContent).toBe("under");
    expect([...body.querySelectorAll("em")].map((em) => em.textContent)).toEqual(["italic"]);
    expect(body.textContent).toBe("under _not italic_ italic");
  });
});
