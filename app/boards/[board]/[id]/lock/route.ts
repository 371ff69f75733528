import { threadActionRoute } from "../../../_lib/http";

/** `POST /boards/<board>/<id>/lock` (admins): locks the thread: no more replies. */
export const POST = threadActionRoute("lock");
