import { threadActionRoute } from "../../../_lib/http";

/** `POST /boards/<board>/<id>/sticky` (admins): keeps the thread at the top of its board. */
export const POST = threadActionRoute("sticky");
