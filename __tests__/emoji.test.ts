import { EMOJI_BY_NAME, replaceShortcodes, searchEmoji } from "@/lib/client/emoji";
import { REACTIONS, reactionEmoji } from "@/lib/reactions";

const bare = (emoji: string) => emoji.replace(/\uFE0F/g, "");

describe("reaction names and emoji shortcodes", () => {
  it("name the emoji everyone knows them by", () => {
    expect(reactionEmoji("tada")).toBe("🎉");
    expect(reactionEmoji("thumbsup")).toBe("👍");
    expect(EMOJI_BY_NAME.get("tada")).toBe("🎉");
    expect(EMOJI_BY_NAME.get("+1")).toBe("👍");
  });

  it("agree wherever a reaction name is also a shortcode", () => {
    const disagreeing = REACTIONS.filter(([name, emoji]) => bare(EMOJI_BY_NAME.get(name)!) !== bare(emoji)).map(([name]) => name);
    expect(disagreeing).toEqual([]);
    // The catalogue stays the reference's: 477 names, each once.
    expect(new Set(REACTIONS.map(([name]) => name)).size).toBe(477);
  });

  it("give every emoji its emoji presentation", () => {
    expect(EMOJI_BY_NAME.get("heart")).toBe("❤️");
    expect(EMOJI_BY_NAME.get("rainbow_flag")).toBe("🏳️‍🌈");
  });
});

describe("shortcode search (the composer's `:` list)", () => {
  it("puts names starting with the query first, the reaction catalogue's before others", () => {
    const found = searchEmoji("ta", 20).map((m) => m.name);
    expect(found[0]).toBe("tada");
    const firstContaining = found.findIndex((name) => !name.startsWith("ta"));
    if (firstContaining >= 0) expect(found.slice(firstContaining).every((name) => !name.startsWith("ta"))).toBe(true);
    expect(searchEmoji("thu", 3)[0]).toEqual({ name: "thumbsup", emoji: "👍" });
  });

  it("finds names containing the query, at most the limit, nothing for an empty query", () => {
    expect(searchEmoji("ssor", 5).map((m) => m.name)).toContain("scissors");
    expect(searchEmoji("a", 8)).toHaveLength(8);
    expect(searchEmoji("")).toEqual([]);
    expect(searchEmoji("zzzzqqq")).toEqual([]);
  });

  it("replaces known shortcodes in text, leaving others as typed", () => {
    expect(replaceShortcodes("go :rocket: :nope:")).toBe("go 🚀 :nope:");
  });
});
