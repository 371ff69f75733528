import Link from "next/link";
import type { translatorFor } from "@/lib/i18n/translate";
import { boardTime, boardUrl } from "./types";

export interface BoardCard {
  slug: string;
  title: string;
  description: string;
  threads: number;
  posts: number;
  last_post_at: string | null;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");

/** The boards' words and the language their times are written in (the page's: pageT and pageLocale). */
export interface BoardsWords {
  t: ReturnType<typeof translatorFor<"boards">>;
  locale: string;
}

/** The boards list with its A–Z bar; `letter` is the active first-letter filter (null: all). */
export function BoardIndex({ boards, letter, lettersInUse, words: { t, locale } }: { boards: BoardCard[]; letter: string | null; lettersInUse: ReadonlySet<string>; words: BoardsWords }) {
  const chip = (active: boolean, used = true) =>
    `inline-flex h-8 min-w-8 items-center justify-center rounded px-1 text-sm ${active ? "bg-accent text-accent-fg" : used ? "hover:bg-raised" : "text-muted opacity-60 hover:bg-raised"}`;
  return (
    <>
      <h1 className="mb-3 text-xl font-semibold">{letter ? t("index.titleLetter", { letter: letter.toUpperCase() }) : t("index.title")}</h1>
      <nav aria-label={t("index.letters")} className="mb-4 flex flex-wrap gap-1">
        <Link href="/boards/" className={chip(letter === null)} aria-current={letter === null ? "page" : undefined}>{t("index.all")}</Link>
        {LETTERS.map((l) => (
          <a key={l} href={`/boards/boards/${l.toLowerCase()}/`} className={chip(letter?.toUpperCase() === l, lettersInUse.has(l))} aria-current={letter?.toUpperCase() === l ? "page" : undefined}>
            {l}
          </a>
        ))}
      </nav>
      {boards.length === 0 ? (
        <p className="text-muted">{t("index.noneForLetter", { letter: letter?.toUpperCase() ?? "" })}</p>
      ) : (
        <ul className="grid gap-2 sm:grid-cols-2">
          {boards.map((b) => (
            <li key={b.slug}>
              <a href={boardUrl(b.slug)} className="block h-full rounded border border-border bg-surface p-3 hover:border-accent">
                <span className="font-semibold">/{b.slug}/</span> <span>{b.title}</span>
                {b.description ? <span className="mt-1 block text-sm text-muted">{b.description}</span> : null}
                <span className="mt-1 block text-xs text-muted">
                  {t("index.threads", { count: b.threads })} · {t("index.posts", { count: b.posts })}
                  {b.last_post_at ? ` · ${t("index.lastPost", { time: boardTime(b.last_post_at, locale) })}` : ""}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The one-letter filter the original honours (`isalpha() and len == 1`); anything else shows every board. */
export const activeLetter = (raw: string | string[] | undefined): string | null =>
  typeof raw === "string" && /^\p{L}$/u.test(raw) ? raw.toLowerCase() : null;

/** First letters that have at least one board (the bar dims the others). */
export const lettersOf = (boards: { slug: string }[]) => new Set(boards.map((b) => b.slug.charAt(0).toUpperCase()));
