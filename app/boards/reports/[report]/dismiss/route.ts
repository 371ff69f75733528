import { dismissReport } from "@/lib/boards";
import { withUser } from "@/lib/http/route";
import { answering, done, idParam } from "@/lib/http/boards";

/** `POST /boards/reports/<report>/dismiss` (admins): closes a report; 302 to the queue, or `{"ok": true}`. */
export const POST = withUser(async ({ req, user, params }) =>
  answering(req, async () => {
    await dismissReport(user, idParam(params.report, "report"));
    return done(req, "/boards/reports/", { ok: true });
  }),
);
