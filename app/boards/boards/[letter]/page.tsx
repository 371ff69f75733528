import { activeLetter, BoardIndex, lettersOf } from "@/app/_components/boards/board-index";
import { boardList, boardSummaries } from "@/lib/boards";
import { pageLocale, pageT } from "@/lib/http/page-locale";

/** `GET /boards/boards/<letter>/`: the boards starting with that letter; a non-letter shows them all, as the original did. */
export default async function BoardsByLetterPage({ params }: { params: Promise<{ letter: string }> }) {
  const letter = activeLetter((await params).letter);
  const shown = new Set(boardList(letter).map((b) => b.slug));
  const [all, t, locale] = await Promise.all([boardSummaries(), pageT("boards"), pageLocale()]);
  return <BoardIndex boards={all.filter((b) => shown.has(b.slug))} letter={letter} lettersInUse={lettersOf(all)} words={{ t, locale }} />;
}
