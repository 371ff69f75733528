import { createThread } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, required, threadPath, withPostBody } from "@/lib/http/boards";

/**
 * `POST /boards/<board>/new` (form or multipart: `title`, `content`, optional `image`; or JSON).
 * A form is redirected (302) to the new thread; a JSON caller gets 201 `{"thread": …, "post": …}`.
 */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board); // 404 before reading any file
    return withPostBody(req, { image: true }, async (body) => {
      const title = required(body, "title");
      const content = required(body, "content");
      const created = await createThread(user, board, { title, content, image: body.image });
      return done(req, threadPath(board, created.thread.id), created, 201);
    });
  }),
);
