/** The boards themselves: settings.json's list (slugs or entries), in its order, and their totals. */
import "server-only";
import { settings } from "@/lib/config";
import { db } from "@/lib/db/client";
import type { BoardInfo, BoardSummary } from "./index";
import { formatTime } from "./format";

/** Titles of the original's boards where capitalising the slug would read wrong. */
const TITLES: Record<string, string> = { diy: "DIY", tech: "Tech" };

const titleFor = (slug: string) => TITLES[slug] ?? slug.charAt(0).toUpperCase() + slug.slice(1).replace(/-/g, " ");

let cache: { source: unknown; boards: BoardInfo[]; bySlug: Map<string, BoardInfo> } | null = null;

/** The configured boards, rebuilt only when settings.json changed. */
function configured(): { boards: BoardInfo[]; bySlug: Map<string, BoardInfo> } {
  const source = settings().boards.boards;
  if (cache?.source === source) return cache;
  const boards = source.map((entry): BoardInfo =>
    typeof entry === "string"
      ? { slug: entry, title: titleFor(entry), description: "" }
      : { slug: entry.slug, title: entry.title ?? titleFor(entry.slug), description: entry.description },
  );
  cache = { source, boards, bySlug: new Map(boards.map((b) => [b.slug, b])) };
  return cache;
}

export function boardList(letter?: string | null): BoardInfo[] {
  const { boards } = configured();
  // The original: one letter filters (case-insensitive), anything else lists every board.
  if (!letter || !/^[a-z]$/i.test(letter)) return boards;
  const lower = letter.toLowerCase();
  return boards.filter((b) => b.slug.startsWith(lower));
}

export function findBoard(slug: string): BoardInfo | null {
  return configured().bySlug.get(slug) ?? null;
}

export async function boardSummaries(): Promise<BoardSummary[]> {
  const stats = await db().boardStats.findMany();
  const byBoard = new Map(stats.map((s) => [s.board, s]));
  return configured().boards.map((b) => {
    const s = byBoard.get(b.slug);
    return { ...b, threads: s?.threads ?? 0, posts: s?.posts ?? 0, last_post_at: s?.lastPostAt != null ? formatTime(s.lastPostAt) : null };
  });
}
