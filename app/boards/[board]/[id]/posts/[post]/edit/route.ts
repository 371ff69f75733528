import { editPost } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, idParam, readPostBody, required, threadPath } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/posts/<post>/edit` (`content`): the author only; 302 to the thread, or the post as JSON. */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    const postId = idParam(params.post, "post");
    const body = await readPostBody(req, { image: false });
    const post = await editPost(user, board, id, postId, required(body, "content"));
    return done(req, threadPath(board, id), post);
  }),
);
