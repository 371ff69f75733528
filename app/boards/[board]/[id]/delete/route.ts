import { threadActionRoute } from "@/lib/http/boards";

/** `POST /boards/<board>/<id>/delete` (admins): deletes the thread with its posts and images. */
export const POST = threadActionRoute("delete");
