import { reportPost } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, idParam, readPostBody, required, threadPath } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/posts/<post>/report` (`reason`): any signed-in user; 302 to the thread, or 201 `{"ok": true}`. */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    const postId = idParam(params.post, "post");
    const body = await readPostBody(req, { image: false });
    await reportPost(user, board, id, postId, required(body, "reason"));
    return done(req, threadPath(board, id), { ok: true }, 201);
  }),
);
