import { threadActionRoute } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/lock` (admins): locks the thread: no more replies. */
export const POST = threadActionRoute("lock");
