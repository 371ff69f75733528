import { ChevronRight } from "lucide-react";
import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ThreadPage } from "@/app/_components/boards/thread-view";
import { boardUrl } from "@/app/_components/boards/types";
import { PeopleProvider } from "@/app/_components/boards/viewer";
import { authorLooks, boardList, findBoard, isAdmin, threadView } from "@/lib/boards";
import { fileTooLargeText } from "@/lib/boards/images";
import { settings } from "@/lib/config";
import { pageT } from "@/lib/http/page-locale";
import { pageUser } from "@/lib/http/page-session";

type Params = Promise<{ board: string; id: string }>;

/** The thread, once per request (metadata and page ask alike); null for a bad id, an unknown thread, or another board's. */
const load = cache(async (board: string, id: string) => {
  if (!findBoard(board) || !/^[1-9]\d{0,14}$/.test(id)) return null;
  return threadView(board, Number(id));
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { board, id } = await params;
  const view = await load(board, id);
  return { title: view ? view.thread.title : (await pageT("boards"))("meta.notFound") };
}

/** `GET /boards/<board>/<id>/`: the thread, readable without JavaScript; with it, live replies and in-place forms. */
export default async function ThreadRoute({ params }: { params: Params }) {
  const { board, id } = await params;
  const view = await load(board, id);
  const info = findBoard(board);
  if (!view || !info) notFound();
  const [me, t] = await Promise.all([pageUser(), pageT("boards")]);
  const looks = await authorLooks(me, [view.thread.author, ...view.posts.map((p) => p.author)]);
  return (
    <PeopleProvider colors={looks.colors} avatars={looks.avatars}>
      <nav aria-label={t("board.breadcrumb")} className="mb-2 flex flex-wrap items-center gap-1 text-sm text-muted">
        <Link href="/boards/" className="hover:underline">{t("board.boards")}</Link>
        <ChevronRight aria-hidden="true" className="size-4 shrink-0" />
        <a href={boardUrl(info.slug)} className="hover:underline">/{info.slug}/ {info.title}</a>
      </nav>
      <ThreadPage
        thread={view.thread}
        posts={view.posts}
        viewer={{ me, admin: await isAdmin(me) }}
        boards={boardList().map((b) => ({ slug: b.slug, title: b.title }))}
        upload={{ mb: settings().boards.max_upload_size_mb, tooLarge: fileTooLargeText() }}
      />
    </PeopleProvider>
  );
}
