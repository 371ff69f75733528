import { ArrowLeft, ArrowRight, ChevronRight } from "lucide-react";
import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NewThreadForm, NewThreadsNotice, ThreadRow } from "@/app/_components/boards/board-page";
import { boardUrl } from "@/app/_components/boards/types";
import { PeopleProvider } from "@/app/_components/boards/viewer";
import { authorLooks, findBoard, isAdmin, listThreads } from "@/lib/boards";
import { fileTooLargeText } from "@/lib/boards/images";
import { settings } from "@/lib/config";
import { isDomainError } from "@/lib/errors";
import { pageT } from "@/lib/http/page-locale";
import { pageUser } from "@/lib/http/page-session";

type Search = Record<string, string | string[] | undefined>;

/** `?page=`: absent is 1; anything but a plausible page number is not a page of this board. */
function pageNumber(raw: string | string[] | undefined): number | null {
  if (raw === undefined || raw === "") return 1;
  return typeof raw === "string" && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ board: string }> }): Promise<Metadata> {
  const board = findBoard((await params).board);
  return { title: board ? `/${board.slug}/ ${board.title}` : (await pageT("boards"))("meta.notFound") };
}

/** `GET /boards/<board>/?q=&page=`: the threads, sticky first then by bump, 20 a page, with search and the new-thread form. */
export default async function BoardPage({ params, searchParams }: { params: Promise<{ board: string }>; searchParams: Promise<Search> }) {
  const board = findBoard((await params).board);
  const search = await searchParams;
  const page = pageNumber(search.page);
  if (!board || page === null) notFound();
  const q = typeof search.q === "string" ? search.q.trim().slice(0, 200) : "";
  const listing = await listThreads(board.slug, { q: q || null, page }).catch((err: unknown) => {
    if (isDomainError(err)) return null; // a page past the last, a query it cannot take: nothing to show here
    throw err;
  });
  if (!listing) notFound();
  const [me, t] = await Promise.all([pageUser(), pageT("boards")]);
  const viewer = { me, admin: await isAdmin(me) };
  const looks = await authorLooks(me, listing.threads.map((t) => t.author));
  const pageLink = (n: number) => `${boardUrl(board.slug)}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  const newestId = listing.threads.reduce((max, t) => Math.max(max, t.id), 0);
  return (
    <PeopleProvider colors={looks.colors} avatars={looks.avatars}>
      <nav aria-label={t("board.breadcrumb")} className="mb-1 flex items-center gap-1 text-sm text-muted">
        <Link href="/boards/" className="hover:underline">{t("board.boards")}</Link>
        <ChevronRight aria-hidden="true" className="size-4 shrink-0" />
        <span>/{board.slug}/</span>
      </nav>
      <h1 className="text-xl font-semibold">
        /{board.slug}/ {board.title}
      </h1>
      {board.description ? <p className="mt-1 text-sm text-muted">{board.description}</p> : null}
      <form method="get" action={boardUrl(board.slug)} role="search" className="my-3 flex gap-2">
        <input type="search" name="q" defaultValue={q} maxLength={200} placeholder={t("board.searchPlaceholder")} aria-label={t("board.searchLabel")} className="min-w-0 flex-1 rounded border border-border bg-bg px-2 py-1" />
        <button type="submit" className="rounded border border-border px-3 py-1 text-sm hover:bg-raised">{t("board.search")}</button>
      </form>
      {page === 1 && !q ? <NewThreadsNotice board={board.slug} newestId={newestId} /> : null}
      <NewThreadForm board={board.slug} viewer={viewer} upload={{ mb: settings().boards.max_upload_size_mb, tooLarge: fileTooLargeText() }} />
      {q ? (
        <p className="mb-2 text-sm text-muted">
          {t.rich("board.matching", {
            query: q,
            clear: (chunks) => (
              <a href={boardUrl(board.slug)} className="text-accent underline">
                {chunks}
              </a>
            ),
          })}
        </p>
      ) : null}
      {listing.threads.length === 0 ? (
        <p className="py-6 text-center text-muted">{q ? t("board.noMatch") : t("board.empty")}</p>
      ) : (
        <ul className="space-y-2" aria-label={t("board.threads")}>
          {listing.threads.map((t) => (
            <ThreadRow key={t.id} thread={t} />
          ))}
        </ul>
      )}
      {listing.pages > 1 ? (
        <nav aria-label={t("board.pages")} className="mt-4 flex items-center justify-center gap-3 text-sm">
          {listing.page > 1 ? <a href={pageLink(listing.page - 1)} className="inline-flex items-center gap-1 text-accent underline" rel="prev"><ArrowLeft aria-hidden="true" className="size-4" />{t("board.newer")}</a> : null}
          <span className="text-muted">{t("board.pageOf", { page: listing.page, pages: listing.pages })}</span>
          {listing.page < listing.pages ? <a href={pageLink(listing.page + 1)} className="inline-flex items-center gap-1 text-accent underline" rel="next">{t("board.older")}<ArrowRight aria-hidden="true" className="size-4" /></a> : null}
        </nav>
      ) : null}
    </PeopleProvider>
  );
}
