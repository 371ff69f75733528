import { threadActionRoute } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/unlock` (admins): opens a locked thread again. */
export const POST = threadActionRoute("unlock");
