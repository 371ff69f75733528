import { activeLetter, BoardIndex, lettersOf } from "@/app/_components/boards/board-index";
import { boardList, boardSummaries } from "@/lib/boards";
import { pageLocale, pageT } from "@/lib/http/page-locale";

/** `GET /boards/` (also `?letter=<l>`): every board with its totals, and the A–Z bar. */
export default async function BoardsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const letter = activeLetter((await searchParams).letter);
  const shown = new Set(boardList(letter).map((b) => b.slug));
  const [all, t, locale] = await Promise.all([boardSummaries(), pageT("boards"), pageLocale()]);
  return <BoardIndex boards={all.filter((b) => shown.has(b.slug))} letter={letter} lettersInUse={lettersOf(all)} words={{ t, locale }} />;
}
