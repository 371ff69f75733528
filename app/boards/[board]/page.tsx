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
import { pageUser } from "@/lib/http/page-session";

type Search = Record<string, string | string[] | undefined>;

/** `?page=`: absent is 1; anything but a plausible page number is not a page of this board. */
function pageNumber(raw: string | string[] | undefined): number | null {
  if (raw === undefined || raw === "") return 1;
  return typeof raw === "string" && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ board: string }> }): Promise<Metadata> {
  const board = findBoard((await params).board);
  return { title: board ? `/${board.slug}/ ${board.title}` : "Not found" };
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
  const me = await pageUser();
  const viewer = { me, admin: await isAdmin(me) };
  const looks = await authorLooks(me, listing.threads.map((t) => t.author));
  const pageLink = (n: number) => `${boardUrl(board.slug)}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}`;
  const newestId = listing.threads.reduce((max, t) => Math.max(max, t.id), 0);
  return (
    <PeopleProvider colors={looks.colors} avatars={looks.avatars}>
      <nav aria-label="Breadcrumb" className="mb-1 text-sm text-muted">
        <Link href="/boards/" className="hover:underline">Boards</Link> {"\u203a"} /{board.slug}/
      </nav>
      <h1 className="text-xl font-semibold">
        /{board.slug}/ {board.title}
      </h1>
      {board.description ? <p className="mt-1 text-sm text-muted">{board.description}</p> : null}
      <form method="get" action={boardUrl(board.slug)} role="search" className="my-3 flex gap-2">
        <input type="search" name="q" defaultValue={q} maxLength={200} placeholder="Search titles and posts" aria-label="Search threads" className="min-w-0 flex-1 rounded border border-border bg-bg px-2 py-1" />
        <button type="submit" className="rounded border border-border px-3 py-1 text-sm hover:bg-raised">Search</button>
      </form>
      {page === 1 && !q ? <NewThreadsNotice board={board.slug} newestId={newestId} /> : null}
      <NewThreadForm board={board.slug} viewer={viewer} upload={{ mb: settings().boards.max_upload_size_mb, tooLarge: fileTooLargeText() }} />
      {q ? (
        <p className="mb-2 text-sm text-muted">
          Threads matching {"\u201c"}{q}{"\u201d"} · <a href={boardUrl(board.slug)} className="text-accent underline">clear</a>
        </p>
      ) : null}
      {listing.threads.length === 0 ? (
        <p className="py-6 text-center text-muted">{q ? "No thread matches." : "No threads yet. Start the first one!"}</p>
      ) : (
        <ul className="space-y-2" aria-label="Threads">
          {listing.threads.map((t) => (
            <ThreadRow key={t.id} thread={t} />
          ))}
        </ul>
      )}
      {listing.pages > 1 ? (
        <nav aria-label="Pages" className="mt-4 flex items-center justify-center gap-3 text-sm">
          {listing.page > 1 ? <a href={pageLink(listing.page - 1)} className="text-accent underline" rel="prev">{"\u2190"} Newer</a> : null}
          <span className="text-muted">Page {listing.page} of {listing.pages}</span>
          {listing.page < listing.pages ? <a href={pageLink(listing.page + 1)} className="text-accent underline" rel="next">Older {"\u2192"}</a> : null}
        </nav>
      ) : null}
    </PeopleProvider>
  );
}
