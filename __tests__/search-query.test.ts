// The search box's language (lib/chat/search-query.ts): words, "phrases", -exclusions and the
// from:/in:/before:/after:/on: operators, parsed the same way by the server and the client.
import { dayRange, dayStart, emptyQuery, isTimeZone, parseSearchQuery, quoteValue, type SearchQuery } from "@/lib/chat/search-query";

const parsed = (input: string): SearchQuery => {
  const result = parseSearchQuery(input);
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.query;
};
const refused = (input: string): string => {
  const result = parseSearchQuery(input);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.query)}`);
  return result.error;
};
const query = (parts: Partial<SearchQuery>): SearchQuery => ({ ...emptyQuery(), ...parts });

describe("parseSearchQuery", () => {
  it("reads nothing from an empty or blank box", () => {
    for (const input of ["", "   ", "\t\n", '""', '  "" -"" ']) expect(parsed(input)).toEqual(emptyQuery());
  });

  it("takes words as terms that must all match, once each whatever their case", () => {
    expect(parsed("quick  brown\tfox")).toEqual(query({ terms: ["quick", "brown", "fox"] }));
    expect(parsed("Fox fox FOX")).toEqual(query({ terms: ["Fox"] }));
  });

  it("keeps a quoted phrase whole, with escaped quotes and backslashes inside, and runs an unclosed quote to the end", () => {
    expect(parsed('"exact phrase" other')).toEqual(query({ terms: ["exact phrase", "other"] }));
    expect(parsed('"she said \\"hi\\"" "a\\\\b"')).toEqual(query({ terms: ['she said "hi"', "a\\b"] }));
    expect(parsed('"  spaced \n  out  "')).toEqual(query({ terms: ["spaced out"] }));
    expect(parsed('start "never closed')).toEqual(query({ terms: ["start", "never closed"] }));
  });

  it("excludes -words and -\"phrases\"; a lone dash is text", () => {
    expect(parsed('release -draft -"not yet" -')).toEqual(query({ terms: ["release", "-"], excluded: ["draft", "not yet"] }));
    expect(parsed("--flag")).toEqual(query({ excluded: ["-flag"] }));
    expect(parsed("well-known")).toEqual(query({ terms: ["well-known"] }));
  });

  it("reads every operator, in any case, with @ optional on from:", () => {
    expect(parsed("from:alice FROM:@Bob in:general In:@carol before:2026-12-01 after:2026-11-01 on:2026-11-15 budget")).toEqual({
      terms: ["budget"],
      excluded: [],
      from: ["alice", "Bob"],
      in: ["general", "@carol"],
      before: ["2026-12-01"],
      after: ["2026-11-01"],
      on: ["2026-11-15"],
    });
  });

  it("takes a query of operators only, and repeated operators once each", () => {
    expect(parsed("from:alice from:ALICE from:@alice in:general in:general")).toEqual(query({ from: ["alice"], in: ["general"] }));
    expect(parsed("on:2026-01-02 on:2026-01-03")).toEqual(query({ on: ["2026-01-02", "2026-01-03"] }));
  });

  it("takes a quoted operator value, and text that only looks like an operator when quoted or escaped", () => {
    expect(parsed('in:"Launch Team" from:"al ice"')).toEqual(query({ in: ["Launch Team"], from: ["al ice"] }));
    expect(parsed('"re:draft" re\\:plan -"to:do"')).toEqual(query({ terms: ["re:draft", "re:plan"], excluded: ["to:do"] }));
    expect(parsed("https://example.com/a 10:30 note:")).toEqual(query({ terms: ["https://example.com/a", "10:30", "note:"] }));
  });

  it("keeps unicode text intact: accents, CJK, emoji and right-to-left scripts", () => {
    expect(parsed('café 日本語 "👋 hello" -שלום from:Zoë')).toEqual(query({ terms: ["café", "日本語", "👋 hello"], excluded: ["שלום"], from: ["Zoë"] }));
    // Non-ASCII spaces separate words as ASCII ones do.
    expect(parsed("one\u00a0two\u3000three")).toEqual(query({ terms: ["one", "two", "three"] }));
  });

  it("refuses an unknown operator, naming it and saying how to search for such text", () => {
    expect(refused("to:bob hello")).toMatch(/unknown search operator "to:".*quote/);
    expect(refused("Has:file")).toContain('"Has:"');
  });

  it("refuses an operator without a value, and a bad or impossible date", () => {
    expect(refused("from:")).toBe("from: needs a value right after the colon (from:alice)");
    expect(refused("from:@")).toContain("from: needs a username");
    expect(refused('in:""')).toContain("in: needs a value");
    expect(refused("in:@")).toBe("in: needs a channel name or @user (in:general, in:@bob)");
    for (const bad of ["before:yesterday", "after:2026-13-01", "on:2026-02-30", "on:26-01-01", "before:2026-1-1", "on:1969-12-31"]) {
      expect(refused(bad)).toMatch(/takes a date as YYYY-MM-DD/);
    }
  });

  it("refuses excluding an operator", () => {
    expect(refused("-from:alice")).toContain('"-from:" is not supported');
  });

  it("holds up against hostile input: size limits, control characters, FTS and SQL syntax stay text", () => {
    expect(refused("x".repeat(1001))).toContain("too long");
    expect(refused(Array.from({ length: 33 }, (_, i) => `w${i}`).join(" "))).toContain("too many parts");
    expect(parsed("a\u0000b\u0007c")).toEqual(query({ terms: ["abc"] }));
    expect(parsed(`hi* AND NEAR(a b) '; DROP TABLE messages; -- %_`)).toEqual(
      query({ terms: ["hi*", "AND", "NEAR(a", "b)", "';", "DROP", "TABLE", "messages;", "%_"], excluded: ["-"] }),
    );
    expect(parsed('\\')).toEqual(query({ terms: ["\\"] }));
    expect(parsed('"""')).toEqual(emptyQuery());
  });
});

describe("quoteValue", () => {
  it("quotes only what would not survive as one token, and the result parses back", () => {
    expect(quoteValue("general")).toBe("general");
    expect(quoteValue('Launch "Team"')).toBe('"Launch \\"Team\\""');
    expect(parsed(`in:${quoteValue('Launch "Team"')}`).in).toEqual(['Launch "Team"']);
  });
});

describe("days in a time zone", () => {
  it("knows IANA zones and fixed offsets, and nothing else", () => {
    for (const zone of ["UTC", "Europe/Paris", "America/New_York", "+02:00", "-0530", "UTC+1", "Z"]) expect(isTimeZone(zone)).toBe(true);
    for (const zone of ["Mars/Olympus", "+25:00", "", "12"]) expect(isTimeZone(zone)).toBe(false);
  });

  it("starts a day at local midnight, across daylight-saving changes", () => {
    expect(dayStart("2026-12-01", "UTC")).toBe(Date.UTC(2026, 11, 1) / 1000);
    expect(dayStart("2026-12-01", "Europe/Paris")).toBe(Date.UTC(2026, 10, 30, 23) / 1000); // CET, +1
    expect(dayStart("2026-07-01", "Europe/Paris")).toBe(Date.UTC(2026, 5, 30, 22) / 1000); // CEST, +2
    expect(dayStart("2026-03-29", "Europe/Paris")).toBe(Date.UTC(2026, 2, 28, 23) / 1000); // the spring-forward day begins in winter time
    expect(dayStart("2026-07-01", "America/New_York")).toBe(Date.UTC(2026, 6, 1, 4) / 1000);
    expect(dayStart("2026-07-01", "-05:30")).toBe(Date.UTC(2026, 6, 1, 5, 30) / 1000);
  });

  it("turns after:/before:/on: into a range: after and before exclude their day, on is its day, several narrow", () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;
    expect(dayRange(query({ after: ["2026-11-01"] }), "UTC")).toEqual({ start: day("2026-11-02"), end: undefined });
    expect(dayRange(query({ before: ["2026-12-01"] }), "UTC")).toEqual({ start: undefined, end: day("2026-12-01") });
    expect(dayRange(query({ on: ["2026-12-31"] }), "UTC")).toEqual({ start: day("2026-12-31"), end: day("2027-01-01") });
    expect(dayRange(query({ after: ["2026-11-01", "2026-11-10"], before: ["2026-12-01", "2026-11-20"] }), "UTC")).toEqual({
      start: day("2026-11-11"),
      end: day("2026-11-20"),
    });
    const clash = dayRange(query({ on: ["2026-01-02", "2026-01-05"] }), "UTC");
    expect(clash.start! >= clash.end!).toBe(true);
  });
});
