import { reportQueue } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering } from "../_lib/http";

/** `GET /boards/reports.json` (admins): open reports, oldest first, each with its post and board. */
export const GET = withUser(async ({ req, user }) => answering(req, () => reportQueue(user), { jsonEndpoint: true }));
