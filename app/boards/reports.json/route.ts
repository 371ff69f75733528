import { reportQueue } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, intQuery } from "@/lib/http/boards";

/** `GET /boards/reports.json?page=` (admins): open reports, newest first, 100 a page, each with its post and board. */
export const GET = withUser(async ({ req, user }) =>
  answering(req, () => reportQueue(user, intQuery(new URL(req.url), "page", 1)), { jsonEndpoint: true }),
);
