import { boardSummaries } from "@/lib/boards";
import { withOptionalUser } from "@/lib/http/route";

/** `GET /boards/boards.json`: every board in settings order with `slug`, `title`, `description`, `threads`, `posts`, `last_post_at`. */
export const GET = withOptionalUser(async () => boardSummaries());
