/**
 * The quick switcher's list (Ctrl/⌘+K): every conversation the reader can open — public channels,
 * private channels, DMs — and people (picking one opens the DM with them), ranked for what is typed.
 * Pure, so the ranking is tested without a browser. Fuzzy matching is fuzzysort's (subsequence
 * matching that rewards word starts and runs, as editors' "go to file" boxes do).
 */
import fuzzysort from "fuzzysort";
import type { DmEntry, PrivateChannel } from "./types";

export type SwitcherKind = "channel" | "private" | "dm" | "person";

export interface SwitcherItem {
  /** What opens: the channel id (`general`, `private:3`, `dm:alice:bob`), a person's DM included. */
  channel: string;
  kind: SwitcherKind;
  /** What the list shows and what is matched: a channel's or private channel's name, a DM's people. */
  label: string;
  unread: number;
  mentions: number;
}

export interface SwitcherSources {
  me: string;
  channels: readonly string[];
  privates: readonly PrivateChannel[];
  dms: readonly DmEntry[];
  users: readonly string[];
  unreads: Readonly<Record<string, number>>;
  mentions: Readonly<Record<string, number>>;
  /** Muted conversations ask for no attention: their unread messages are not marked (mentions are). */
  muted?: ReadonlySet<string>;
}

/** The DM of the reader and the given people: `dm:` and every name sorted case-insensitively. */
export function dmChannelOf(names: readonly string[]): string {
  return "dm:" + [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(":");
}

/**
 * Everything the switcher can open, in the sidebar's order (public, private, DMs), then the people
 * with no open DM yet (alphabetical). A person whose DM is already listed appears once, as the DM.
 */
export function switcherItems(s: SwitcherSources): SwitcherItem[] {
  const items: SwitcherItem[] = [
    ...s.channels.map((c): SwitcherItem => ({ channel: c, kind: "channel", label: c, unread: s.unreads[c] ?? 0, mentions: s.mentions[c] ?? 0 })),
    ...s.privates.map((p): SwitcherItem => ({ channel: p.channel, kind: "private", label: p.name, unread: p.unread, mentions: s.mentions[p.channel] ?? 0 })),
    ...s.dms.map((d): SwitcherItem => ({ channel: d.channel, kind: "dm", label: d.users.join(", "), unread: d.unread, mentions: s.mentions[d.channel] ?? 0 })),
  ];
  for (const item of items) if (s.muted?.has(item.channel)) item.unread = 0;
  const listed = new Set(items.map((i) => i.channel));
  const people = [...new Set(s.users)]
    .filter((u) => u.toLowerCase() !== s.me.toLowerCase())
    .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
  for (const user of people) {
    const channel = dmChannelOf([s.me, user]);
    if (!listed.has(channel)) items.push({ channel, kind: "person", label: user, unread: 0, mentions: 0 });
  }
  return items;
}

export interface RankedItem {
  item: SwitcherItem;
  /** Indexes in `label` of the matched characters (empty without a query). */
  matched: readonly number[];
}

/** Recently opened conversations, most recent first; `limit` on the list kept. */
export const RECENT_LIMIT = 20;

/** The recent list after opening `channel`: it moves to the front, the list stays short. */
export function withRecent(recent: readonly string[], channel: string): string[] {
  return [channel, ...recent.filter((c) => c !== channel)].slice(0, RECENT_LIMIT);
}

/** A recently opened conversation wins over an equally good match, by this much of the score. */
const RECENT_BONUS = 0.15;
/** Fuzzy matches below this score (0–1) are noise ("gl" in a long unrelated name). */
const THRESHOLD = 0.1;

/**
 * The list for a query. Empty: recent conversations first (most recent first), then unread ones, then
 * the rest in sidebar order. Otherwise: fuzzy matches, best first, recent ones lifted a little; a
 * leading `#` or `@` (how channels and people are written) is ignored.
 */
export function rankSwitcher(items: readonly SwitcherItem[], query: string, recent: readonly string[], limit = 50): RankedItem[] {
  const recency = new Map(recent.map((c, i) => [c, i]));
  const q = query.trim().replace(/^[#@~]+/, "").trim();
  if (!q) {
    const order = (i: SwitcherItem) => recency.get(i.channel) ?? (i.unread > 0 || i.mentions > 0 ? RECENT_LIMIT : RECENT_LIMIT + 1);
    // Array.prototype.sort is stable: within a group, the sidebar's order stands.
    return [...items]
      .sort((a, b) => order(a) - order(b))
      .slice(0, limit)
      .map((item) => ({ item, matched: [] }));
  }
  const results = fuzzysort.go(q, items, {
    keys: ["label"],
    threshold: THRESHOLD,
    limit,
    scoreFn: (r) => {
      const score = r[0]?.score ?? 0;
      const at = recency.get(r.obj.channel);
      return at === undefined ? score : score * (1 + RECENT_BONUS * (1 - at / RECENT_LIMIT));
    },
  });
  return results.map((r) => ({ item: r.obj, matched: [...(r[0]?.indexes ?? [])] }));
}
