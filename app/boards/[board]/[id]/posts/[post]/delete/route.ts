import { deletePost } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, idParam, threadPath } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/posts/<post>/delete`: the author or an admin; leaves a tombstone. 302 to the thread, or `{"ok": true}`. */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    await deletePost(user, board, id, idParam(params.post, "post"));
    return done(req, threadPath(board, id), { ok: true });
  }),
);
