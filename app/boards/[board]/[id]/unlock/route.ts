import { threadActionRoute } from "../../../_lib/http";

/** `POST /boards/<board>/<id>/unlock` (admins): opens a locked thread again. */
export const POST = threadActionRoute("unlock");
