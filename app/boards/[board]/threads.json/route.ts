import { listThreads } from "@/lib/boards";
import { withOptionalUser } from "@/lib/http/route";
import { answering, boardParam, intQuery } from "@/lib/http/boards";

/**
 * `GET /boards/<board>/threads.json?q=&page=`: `{"board", "threads": […], "page", "pages"}`, sticky
 * threads first, then bump order, 20 a page; `q` searches titles and post text literally.
 */
export const GET = withOptionalUser(async ({ req, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const url = new URL(req.url);
    const page = await listThreads(board, { q: url.searchParams.get("q"), page: intQuery(url, "page", 1) });
    return { board, ...page };
  }, { jsonEndpoint: true }),
);
