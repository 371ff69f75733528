// The tribune's URL arguments (lib/tribune/args.ts): parsing into a window and the worked example of spec §3.1.
import { applyWindow, parseWindow, windowInput, type Direction, type TribuneWindow } from "@/lib/tribune/args";

function windowOf(query: string, body?: string): TribuneWindow {
  const parsed = parseWindow(windowInput(new URLSearchParams(query), body === undefined ? null : new URLSearchParams(body)));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.window;
}

const posts = (count: number) => Array.from({ length: count }, (_, i) => ({ id: i + 1 }));
const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from <= to ? from + i : from - i));
const ids = (query: string, view: Direction, count = 42) => applyWindow(posts(count), windowOf(query), view).map((post) => post.id);

describe("the worked example of spec §3.1 (42 posts, ids 1–42, real defaults)", () => {
  it.each([
    ["", range(1, 42)],
    ["limit=10", range(33, 42)],
    ["last_id=15", range(16, 42)],
    ["limit=5&last_id=15", range(38, 42)],
    ["last_id=42", []],
  ])("%j on an ascending view gives the right ids", (query, expected) => {
    expect(ids(query, "asc")).toEqual(expected);
  });

  it("clamps limit=500 to 100", () => {
    expect(ids("limit=500", "asc", 150)).toEqual(range(51, 150));
  });

  it("only reorders with direction: XML limit=10 is 42..33, JSON limit=10 is 33..42", () => {
    expect(ids("limit=10", "desc")).toEqual(range(42, 33));
    expect(ids("limit=10", "asc")).toEqual(range(33, 42));
    expect(ids("limit=10&direction=asc", "desc")).toEqual(range(33, 42));
    expect(ids("limit=10&direction=desc", "asc")).toEqual(range(42, 33));
  });

  it("picks from the newest end whatever order the posts come in", () => {
    const shuffled = [{ id: 5 }, { id: 1 }, { id: 9 }, { id: 3 }, { id: 7 }];
    expect(applyWindow(shuffled, windowOf("limit=3"), "desc").map((post) => post.id)).toEqual([9, 7, 5]);
  });
});

describe("parsing", () => {
  it("gives the defaults when nothing is given", () => {
    expect(parseWindow({})).toEqual({ ok: true, window: { limit: 50, direction: null, lastId: 0 }, tableWidth: 90 });
    expect(windowOf("limit=&last_id=&direction=")).toEqual({ limit: 50, direction: null, lastId: 0 });
  });

  it("treats a limit of 0 or below as the default (spec §11.2 #4)", () => {
    expect(windowOf("limit=0").limit).toBe(50);
    expect(windowOf("limit=-5").limit).toBe(50);
    expect(ids("limit=-5", "asc", 80)).toEqual(range(31, 80));
  });

  it("accepts what Python's int() accepts", () => {
    expect(windowOf("limit=%2010").limit).toBe(10);
    expect(windowOf("limit=%2B10").limit).toBe(10);
    expect(windowOf("limit=007").limit).toBe(7);
  });

  it("reads direction case-insensitively (spec §11.2 #5)", () => {
    expect(windowOf("direction=ASC").direction).toBe("asc");
    expect(windowOf("direction=Desc").direction).toBe("desc");
    expect(ids("limit=3&direction=ASC", "desc")).toEqual([40, 41, 42]);
  });

  it("keeps a negative last_id as a filter that lets everything through (jb3 sends -1)", () => {
    expect(windowOf("last_id=-1").lastId).toBe(-1);
    expect(ids("last_id=-1", "asc")).toEqual(range(1, 42));
  });

  it("reads last_id from the form body before the query", () => {
    expect(windowOf("last_id=3", "last_id=7").lastId).toBe(7);
    expect(windowOf("last_id=3", "content=x").lastId).toBe(3);
    expect(windowOf("last_id=3", "last_id=").lastId).toBe(3);
  });

  it("ignores the unsupported `last` argument", () => {
    expect(windowOf("last=12")).toEqual({ limit: 50, direction: null, lastId: 0 });
  });

  it.each([
    ["limit=ten", "limit must be an integer"],
    ["limit=1.5", "limit must be an integer"],
    ["limit=1e3", "limit must be an integer"],
    ["limit=99999999999999999999", "limit is out of range"],
    ["last_id=abc", "last_id must be an integer"],
    ["last_id=0x10", "last_id must be an integer"],
    ["last_id=123456789012345678901234567890", "last_id is out of range"],
    ["direction=up", "direction must be asc or desc"],
    ["table_width=wide", "table_width must be an integer"],
  ])("refuses %j with a clear error", (query, error) => {
    expect(parseWindow(windowInput(new URLSearchParams(query)))).toEqual({ ok: false, error });
  });

  it("reads the plain table width with its default and cap", () => {
    const widthOf = (query: string) => {
      const parsed = parseWindow(windowInput(new URLSearchParams(query)));
      return parsed.ok ? parsed.tableWidth : parsed.error;
    };
    expect(widthOf("")).toBe(90);
    expect(widthOf("table_width=120")).toBe(120);
    expect(widthOf("table_width=5000")).toBe(600);
    expect(widthOf("table_width=0")).toBe(90);
  });
});
