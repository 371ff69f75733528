import { threadActionRoute } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/unsticky` (admins): lets the thread take its bump order again. */
export const POST = threadActionRoute("unsticky");
