import { threadActionRoute } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/sticky` (admins): keeps the thread at the top of its board. */
export const POST = threadActionRoute("sticky");
