// Control and bidi characters in names and free text (lib/text.ts), and the fields that use the checks.
import { GET as settingsGet, POST as settingsPost } from "@/app/(chat)/settings/route";
import { nameProblem, textProblem } from "@/lib/text";
import { call, newUser } from "./helpers/http";
import { expectJson } from "./helpers/chat";

let alice: string;
beforeAll(async () => {
  alice = await newUser("alice");
});

const settingsOf = async (cookie: string) => (await call(settingsGet, "/settings", { cookie })).json();

describe("names", () => {
  it.each(["general", "Project X", "équipe été", "日本語チャンネル", "עברית", "emoji 🎉", "a-b_c.d"])("%j is a name", (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    ["\u0000", "U+0000"], ["\u0007", "U+0007"], ["\t", "U+0009"], ["\n", "U+000A"], ["\r", "U+000D"], ["\u001b", "U+001B"],
    ["\u007f", "U+007F"], ["\u0085", "U+0085"], ["\u200e", "U+200E"], ["\u200f", "U+200F"], ["\u061c", "U+061C"],
    ["\u202a", "U+202A"], ["\u202e", "U+202E"], ["\u2066", "U+2066"], ["\u2069", "U+2069"], ["\u2028", "U+2028"], ["\ufeff", "U+FEFF"],
  ])("refuses %j inside a name", (char, code) => {
    expect(nameProblem(`a${char}b`)).toBe(`contains a control or formatting character (${code})`);
  });
});

describe("free text", () => {
  it.each(["two\nlines", "crlf\r\nlines", "a\ttab", "mixed עברית \u2067isolated\u2069 \u200fmark"])("keeps %j", (text) => {
    expect(textProblem(text)).toBeNull();
  });

  it.each([
    ["\u0000", "U+0000"], ["\u0007", "U+0007"], ["\u001b", "U+001B"], ["\u007f", "U+007F"], ["\u009b", "U+009B"],
    ["\u202d", "U+202D"], ["\u202e", "U+202E"], ["\ufeff", "U+FEFF"],
  ])("refuses %j", (char, code) => {
    expect(textProblem(`x${char}y`)).toBe(`contains a control or formatting character (${code})`);
  });
});

describe("POST /settings bio", () => {
  it("keeps line breaks but refuses NUL, other controls and bidi overrides, changing nothing", async () => {
    await call(settingsPost, "/settings", { cookie: alice, json: { bio: "first line\nsecond\tline" } });
    expect(await settingsOf(alice)).toEqual({ name_color: null, bio: "first line\nsecond\tline", theme: "system", language: null });
    for (const [bio, code] of [["nul\u0000", "U+0000"], ["bell\u0007", "U+0007"], ["\u202eevil", "U+202E"]]) {
      await expectJson(await call(settingsPost, "/settings", { cookie: alice, json: { bio, name_color: "#123456" } }), 400, {
        error: `bio contains a control or formatting character (${code})`,
      });
    }
    expect(await settingsOf(alice)).toEqual({ name_color: null, bio: "first line\nsecond\tline", theme: "system", language: null });
  });
});
