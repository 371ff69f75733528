import { replyToThread } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, idParam, required, threadPath, withPostBody } from "@/lib/http/boards";

/**
 * `POST /boards/<board>/<id>/reply` (form or multipart: `content`, optional `image`; or JSON).
 * A form is redirected (302) to the thread; a JSON caller gets 201 with the post.
 */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    return withPostBody(req, { image: true }, async (body) => {
      const post = await replyToThread(user, board, id, { content: required(body, "content"), image: body.image });
      return done(req, threadPath(board, id), post, 201);
    });
  }),
);
