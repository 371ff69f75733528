import { threadPostsJson } from "@/lib/boards";
import { threadNotFound } from "@/lib/boards/posts";
import { withOptionalUser } from "@/lib/http/route";
import { answering, boardParam, idParam, intQuery } from "@/lib/http/boards";

/**
 * `GET /boards/<board>/<id>/posts?after=<id>`: the thread's posts, oldest first (only those after
 * `after` when given), each `id`, `content`, `created` (when it was posted, UTC), `author`,
 * `image_url`, `thumbnail_url`, `edited` and `deleted`. The thread page polls it every second.
 */
export const GET = withOptionalUser(async ({ req, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    const body = await threadPostsJson(board, id, intQuery(new URL(req.url), "after", undefined));
    if (body === null) throw threadNotFound();
    return new Response(body, { headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
  }, { jsonEndpoint: true }),
);
