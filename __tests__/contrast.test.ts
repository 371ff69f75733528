// WCAG AA contrast of the theme tokens in app/globals.css, in both themes. Every pair below is drawn
// somewhere in the client (a class such as `text-muted` on `bg-raised`); text needs 4.5:1, large
// text and the parts of controls and states (dots, edges, focus rings) 3:1. culori computes the
// WCAG 2 ratio. A new token pair worth checking goes in PAIRS.
import fs from "node:fs";
import path from "node:path";
import { wcagContrast } from "culori";

const css = fs.readFileSync(path.join(__dirname, "..", "app", "globals.css"), "utf8");

/** The custom properties set directly in the block that `selector` opens. */
function tokens(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`app/globals.css: no ${selector} block`);
  const body = css.slice(start + selector.length + 2, css.indexOf("\n}", start));
  return Object.fromEntries([...body.matchAll(/--([\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const dark = tokens(":root");
if (!Object.keys(dark).some((name) => name.startsWith("hl-"))) throw new Error("app/globals.css: no --hl-* tokens found");
// The light theme only restates what differs; anything it leaves out is the dark value.
const THEMES = { dark, light: { ...dark, ...tokens(':root[data-theme="light"]') } };

const TEXT = 4.5;
const UI = 3;

/** [foreground token, background token, minimum, where it is drawn]. */
const PAIRS: [string, string, number, string][] = [
  ["fg", "bg", TEXT, "body text"],
  ["fg", "surface", TEXT, "sidebar, dialogs"],
  ["fg", "raised", TEXT, "inline code, table heads, link cards"],
  ["fg", "flash", TEXT, "a message reached from search"],
  ["fg", "mention-row", TEXT, "a message that mentions me"],
  ["fg", "norloge-target", TEXT, "a row a norloge points at"],
  ["fg", "mark", TEXT, "search hits"],
  ["muted", "bg", TEXT, "times, hints"],
  ["muted", "surface", TEXT, "hints in dialogs and the sidebar"],
  ["muted", "raised", TEXT, "file chips, quoted replies"],
  ["muted", "mention-row", TEXT, "the time on a row that mentions me"],
  ["muted", "flash", TEXT, "the time on a row reached from search"],
  ["accent-fg", "accent", TEXT, "the open channel, primary buttons, the switcher's selection"],
  ["accent", "bg", TEXT, "links"],
  ["accent", "surface", TEXT, "links in dialogs"],
  ["accent", "raised", TEXT, "links in cards"],
  ["danger", "bg", TEXT, "errors"],
  ["danger", "surface", TEXT, "errors in dialogs"],
  ["ok", "bg", TEXT, "confirmations"],
  ["ok", "surface", TEXT, "confirmations in dialogs"],
  ["mention-fg", "mention-bg", TEXT, "my @mention pill"],
  ["mention-other", "mention-other-bg", TEXT, "someone else's @mention pill"],
  ["badge-fg", "badge", TEXT, "unread count"],
  ["mention-badge-fg", "mention-badge", TEXT, "mention count"],
  ["norloge", "norloge-bg", TEXT, "a norloge"],
  // Every code-highlight colour, on the code blocks' background (bg), whatever tokens there are.
  ...Object.keys(dark)
    .filter((name) => name.startsWith("hl-"))
    .map((name): [string, string, number, string] => [name, "bg", TEXT, "highlighted code"]),
  ["hl-cmt", "surface", TEXT, "board quotes on a card"],
  ["presence-active", "surface", UI, "presence dot"],
  ["presence-idle", "surface", UI, "presence dot"],
  ["presence-offline", "surface", UI, "presence dot"],
  ["mention-edge", "mention-row", UI, "the edge of a row that mentions me"],
  ["norloge", "norloge-target", UI, "the edge of a row a norloge points at"],
  ["accent", "bg", UI, "focus ring"],
  ["accent", "surface", UI, "focus ring in dialogs"],
];

describe.each(Object.entries(THEMES))("the %s theme", (_theme, values) => {
  it.each(PAIRS)("%s on %s reaches %s:1 (%s)", (fg, bg, minimum) => {
    const [a, b] = [values[fg], values[bg]];
    if (!a || !b) throw new Error(`app/globals.css: --${fg} or --${bg} is missing`);
    const ratio = wcagContrast(a, b);
    // Rounded down to two decimals, as contrast checkers report it: 4.499 is a failure.
    expect(Math.floor(ratio * 100) / 100).toBeGreaterThanOrEqual(minimum);
  });
});
