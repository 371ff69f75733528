import React from "react";
import { act, cleanup, fireEvent, render, screen, within } from "./helpers/ui";
import { SearchPanel, type SearchHit } from "@/app/_components/chat/search-panel";
import { matchRanges, snippet, type SnippetPart } from "@/app/_components/chat/search-snippet";
import { applySuggestion, DATE_HINT, inValue, suggest, tokenAt } from "@/app/_components/chat/search-suggestions";

/**
 * The search panel: operator suggestions as they are typed (keys and clicks), snippets cut on word
 * boundaries with every hit term marked, a line of context each side, the jump; against a fake server.
 */
const answer = (body: unknown, status = 200) => ({ ok: status < 400, status, json: async () => body, text: async () => JSON.stringify(body) });
let requested: string[];
const serve = (body: unknown, status = 200) => {
  requested = [];
  global.fetch = jest.fn(async (input: RequestInfo | URL) => {
    requested.push(String(input));
    return answer(body, status);
  }) as unknown as typeof fetch;
};

const CHANNELS: [string, string][] = [
  ["general", "# general"],
  ["software", "# software"],
  ["private:4", "Fruit Council"],
  ["dm:alice:bob", "@ bob"],
  ["dm:alice:bob:carol", "@ bob, carol"],
];
const source = { me: "alice", users: ["bob", "carol", "Bobby"], channels: CHANNELS, now: new Date(2026, 11, 4, 10, 30) };
const shown = (parts: SnippetPart[]) => parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join("");

describe("snippet", () => {
  it("keeps a short text whole, marking every term in any case, phrases as one", () => {
    expect(shown(snippet("Deploy the Vault key; the vault is sealed", ["vault", "the"]))).toBe("Deploy [the] [Vault] key; [the] [vault] is sealed");
    expect(shown(snippet("red fern and fern red", ["fern red"]))).toBe("red fern and [fern red]");
    expect(shown(snippet("nothing here", []))).toBe("nothing here");
  });

  it("merges overlapping and nested matches into one mark", () => {
    expect(matchRanges("abcdef", ["abc", "cde"])).toEqual([[0, 5]]);
    expect(shown(snippet("the keyboard", ["key", "keyboard"]))).toBe("the [keyboard]");
  });

  it("cuts a long text on word boundaries around the first match, with ellipses where it was cut", () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`);
    words[40] = "NEEDLE";
    const parts = snippet(words.join(" "), ["needle"]);
    const text = shown(parts);
    expect(text.startsWith("\u2026word")).toBe(true);
    expect(text.endsWith("\u2026")).toBe(true);
    expect(text).toContain("[NEEDLE]");
    // Whole words only: every word between the ellipses is one of the original words.
    for (const word of text.slice(1, -1).replace(/[[\]]/g, "").split(" ")) expect(words).toContain(word);
    expect(text.length).toBeLessThanOrEqual(160 + 4);
    // The match is near the start: some lead-in, not the whole text before it.
    expect(text.indexOf("[NEEDLE]")).toBeLessThan(50);
  });

  it("starts at the text's beginning when the match is early, and shows whitespace runs as one space", () => {
    const text = "hit\n\n  here " + "filler ".repeat(40);
    const out = shown(snippet(text, ["hit"]));
    expect(out.startsWith("[hit] here filler")).toBe(true);
    expect(out.endsWith("filler\u2026")).toBe(true);
  });

  it("never splits an emoji or a word at a forced cut, and keeps unicode matches", () => {
    const emoji = "\u{1F600}".repeat(200);
    const out = shown(snippet(emoji, ["x"]));
    expect(out.endsWith("\u2026")).toBe(true);
    expect(/[\ud800-\udbff]\u2026$/.test(out)).toBe(false);
    expect(shown(snippet("Ça va, CAFÉ au café", ["café"]))).toBe("Ça va, [CAFÉ] au [café]");
  });
});

describe("operator suggestions (pure)", () => {
  it("finds the token at the caret, quotes included", () => {
    expect(tokenAt("red from:al", 11)).toEqual({ start: 4, end: 11, token: "from:al" });
    expect(tokenAt('in:"Fruit Co', 12)).toEqual({ start: 0, end: 12, token: 'in:"Fruit Co' });
    expect(tokenAt("one two", 2)).toEqual({ start: 0, end: 3, token: "one" });
    expect(tokenAt("one ", 4).token).toBe("");
  });

  it("offers every operator in an empty box, and the ones a word begins", () => {
    expect(suggest("", 0, source).items.map((s) => s.label)).toEqual(["from:", "in:", "before:", "after:", "on:"]);
    expect(suggest("budget o", 8, source).items.map((s) => s.label)).toEqual(["on:"]);
    expect(suggest("budget ", 7, source).items).toEqual([]);
    expect(suggest("-fr", 3, source).items).toEqual([]);
  });

  it("offers people after from:, prefix matches first, in any case", () => {
    expect(suggest("from:", 5, source).items.map((s) => s.label)).toEqual(["from:alice", "from:bob", "from:carol", "from:Bobby"]);
    expect(suggest("from:@BO", 8, source).items.map((s) => s.insert)).toEqual(["from:bob ", "from:Bobby "]);
    expect(suggest("from:ob", 7, source).items.map((s) => s.label)).toEqual(["from:bob", "from:Bobby"]);
  });

  it("offers the reader's channels after in:, a DM as @user and a private channel by its quoted name", () => {
    expect(suggest("in:", 3, source).items.map((s) => s.label)).toEqual(["in:general", "in:software", 'in:"Fruit Council"', "in:@bob", "in:dm:alice:bob:carol"]);
    expect(suggest("in:fru", 6, source).items.map((s) => s.insert)).toEqual(['in:"Fruit Council" ']);
    expect(inValue("dm:alice:bob", "@ bob", "ALICE")).toBe("@bob");
  });

  it("offers today and yesterday after a date operator, with the format as a hint", () => {
    const on = suggest("on:", 3, source);
    expect(on.items.map((s) => [s.label, s.detail])).toEqual([["on:2026-12-04", { key: "today" }], ["on:2026-12-03", { key: "yesterday" }]]);
    expect(on.hint).toBe(DATE_HINT);
    expect(suggest("before:2025", 11, source)).toEqual({ items: [], hint: DATE_HINT });
  });

  it("puts a suggestion in place of the token, keeping the rest of the box", () => {
    expect(applySuggestion("red fr blue", 6, { label: "from:", detail: null, insert: "from:" })).toEqual({ text: "red from: blue", caret: 9 });
    expect(applySuggestion("red from:b blue", 10, { label: "from:bob", detail: null, insert: "from:bob " })).toEqual({ text: "red from:bob blue", caret: 13 });
  });
});

describe("SearchPanel", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    cleanup();
  });

  const settle = () =>
    act(async () => {
      jest.advanceTimersByTime(300);
    });
  const setup = () => {
    const onJump = jest.fn();
    render(<SearchPanel me="alice" users={["bob", "carol"]} channels={CHANNELS} onJump={onJump} />);
    const box = screen.getByRole("combobox", { name: "Search messages" }) as HTMLInputElement;
    const type = (value: string) => fireEvent.change(box, { target: { value, selectionStart: value.length } });
    return { onJump, box, type };
  };
  const options = () => within(screen.getByRole("listbox", { name: "Search suggestions" })).getAllByRole("option");

  it("suggests operators and their values as they are typed: arrows, Tab and Enter take one, Esc dismisses", async () => {
    serve([]);
    const { box, type } = setup();
    fireEvent.focus(box);
    expect(options().map((o) => o.textContent)).toEqual([
      "from:messages from a person",
      "in:messages in a channel or DM",
      "before:messages before a day",
      "after:messages after a day",
      "on:messages on a day",
    ]);
    type("budget fr");
    expect(options().map((o) => o.textContent)).toEqual(["from:messages from a person"]);
    fireEvent.keyDown(box, { key: "Tab" });
    expect(box.value).toBe("budget from:");
    expect(options().map((o) => o.querySelector(".font-mono")?.textContent)).toEqual(["from:alice", "from:bob", "from:carol"]);
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(options()[1]!.getAttribute("aria-selected")).toBe("true");
    expect(box.getAttribute("aria-activedescendant")).toBe("search-suggestion-1");
    fireEvent.keyDown(box, { key: "Enter" });
    expect(box.value).toBe("budget from:bob ");
    expect(screen.queryByRole("listbox", { name: "Search suggestions" })).toBeNull();

    type("budget from:bob in:");
    fireEvent.click(within(screen.getByRole("listbox", { name: "Search suggestions" })).getByText('in:"Fruit Council"'));
    expect(box.value).toBe('budget from:bob in:"Fruit Council" ');

    type("on:");
    expect(screen.getByText(/A day as YYYY-MM-DD/)).toBeTruthy();
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("listbox", { name: "Search suggestions" })).toBeNull();
    expect(screen.getByRole("region", { name: "Search" })).toBeTruthy(); // the first Esc only dismisses the list
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("region", { name: "Search" })).toBeNull();
  });

  it("sends the typed operators with the reader's time zone and asks for context", async () => {
    serve([]);
    const { type } = setup();
    type('"release notes" -draft from:bob on:2026-12-01');
    await settle();
    expect(requested).toHaveLength(1);
    const url = new URL(requested[0]!, "http://x");
    expect(url.pathname).toBe("/search_messages");
    expect(url.searchParams.get("q")).toBe('"release notes" -draft from:bob on:2026-12-01');
    expect(url.searchParams.get("tz")).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(url.searchParams.get("context")).toBe("1");
  });

  it("says what is wrong with a query it cannot read, without asking the server", async () => {
    serve([]);
    const { type } = setup();
    type("to:bob hello");
    await settle();
    expect(screen.getByRole("status").textContent).toContain('unknown search operator "to:"');
    expect(requested).toEqual([]);
    type("hello on:yesterday");
    expect(screen.getByRole("status").textContent).toContain("on: takes a date as YYYY-MM-DD");
  });

  it("shows the server's refusal in its words", async () => {
    serve({ error: 'unknown time zone "X"' }, 400);
    const { type } = setup();
    type("hello");
    await settle();
    expect(await screen.findByText('unknown time zone "X"')).toBeTruthy();
  });

  it("shows each hit with channel, sender, a marked snippet and a line of context each side; a click jumps to it", async () => {
    const long = `${"lead ".repeat(30)}the vault door opens at dawn ${"tail ".repeat(40)}`;
    const hits: SearchHit[] = [
      {
        id: 7,
        channel: "software",
        sender: "bob",
        content: long,
        ts: 1_700_000_000,
        context: { before: { id: 6, sender: "carol", content: "who has\nthe key?", ts: 1_699_999_990 }, after: null },
      },
      { id: 9, channel: "dm:alice:bob", sender: "alice", content: "Dawn at the VAULT", ts: 1_700_000_100, context: { before: null, after: { id: 10, sender: "bob", content: "ok", ts: 1_700_000_200 } } },
    ];
    serve(hits);
    const { onJump, type } = setup();
    type("vault dawn -door from:bob");
    await settle();
    const results = await screen.findByRole("listbox", { name: "Search results" });
    const rows = within(results).getAllByRole("option");
    expect(rows).toHaveLength(2);
    const first = rows[0]!;
    expect(first.textContent).toContain("# software");
    expect(first.querySelector("b")?.textContent).toBe("bob");
    expect([...first.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["vault", "dawn"]);
    const firstSnippet = first.querySelector("[data-snippet]")!.textContent!;
    expect(firstSnippet.startsWith("\u2026lead")).toBe(true);
    expect(firstSnippet.endsWith("tail\u2026")).toBe(true);
    expect(first.querySelector('[data-context="before"]')?.textContent).toBe("carol: who has the key?");
    expect(first.querySelector('[data-context="after"]')).toBeNull();
    expect([...rows[1]!.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Dawn", "VAULT"]);
    expect(rows[1]!.querySelector('[data-context="after"]')?.textContent).toBe("bob: ok");
    fireEvent.click(rows[1]!);
    expect(onJump).toHaveBeenCalledWith(hits[1]);
    expect(screen.queryByRole("region", { name: "Search" })).toBeNull();
  });

  it("speaks French: notes, the date hint, and each hit's date, sender and context", async () => {
    // A local time, so the date holds in any time zone the tests run in.
    const ts = new Date(2026, 11, 4, 15, 5).getTime() / 1000;
    serve([{ id: 3, channel: "general", sender: "", content: "le coffre s’ouvre", ts, context: { before: { id: 2, sender: "bob", content: "", ts: ts - 60 }, after: null } }]);
    const onJump = jest.fn();
    render(<SearchPanel me="alice" users={["bob"]} channels={CHANNELS} onJump={onJump} />, { locale: "fr" });
    const box = screen.getByRole("combobox", { name: "Rechercher dans les messages" }) as HTMLInputElement;
    expect(box.placeholder).toBe("Rechercher…");
    fireEvent.focus(box);
    const listed = () => within(screen.getByRole("listbox", { name: "Suggestions de recherche" })).getAllByRole("option").map((o) => o.textContent);
    expect(listed()[0]).toBe("from:messages d’une personne");
    fireEvent.change(box, { target: { value: "from:", selectionStart: 5 } });
    expect(listed()).toEqual(["from:alicevous", "from:bob"]);
    fireEvent.change(box, { target: { value: "on:", selectionStart: 3 } });
    expect(listed().map((text) => text?.replace(/^on:\d{4}-\d{2}-\d{2}/, ""))).toEqual(["aujourd’hui", "hier"]);
    expect(screen.getByText(/^Un jour au format AAAA-MM-JJ/)).toBeTruthy();
    fireEvent.change(box, { target: { value: "coffre", selectionStart: 6 } });
    await settle();
    const [hit] = within(await screen.findByRole("listbox", { name: "Résultats de la recherche" })).getAllByRole("option");
    expect(hit!.querySelector("span")?.textContent).toBe("# general · 4 déc., 15:05 · invité");
    expect(hit!.querySelector('[data-context="before"]')?.textContent).toBe("bob\u00a0: [pièce jointe]");
  });

  it("jumps with the keyboard once no suggestion is open", async () => {
    const hits: SearchHit[] = [
      { id: 1, channel: "general", sender: "bob", content: "kiwi one", ts: 1_700_000_000 },
      { id: 2, channel: "general", sender: "bob", content: "kiwi two", ts: 1_700_000_001 },
    ];
    serve(hits);
    const { onJump, box, type } = setup();
    type("kiwi");
    await settle();
    await screen.findAllByText("kiwi", { selector: "mark" });
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onJump).toHaveBeenCalledWith(hits[1]);
  });
});
