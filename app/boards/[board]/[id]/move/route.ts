import { moderateThread } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, boardParam, done, idParam, readPostBody, required, threadPath } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/move` (`board`, admins): 302 to the thread on its new board, or the thread as JSON. */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    const board = boardParam(params.board);
    const id = idParam(params.id, "thread");
    const body = await readPostBody(req, { image: false });
    const thread = await moderateThread(user, board, id, { move: required(body, "board") });
    return done(req, threadPath(thread?.board ?? board, id), thread);
  }),
);
