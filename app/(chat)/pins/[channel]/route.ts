import { pinnedRows } from "@/lib/chat/actions";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /pins/<channel>` → the pinned messages as /messages rows with `pinned_by` and `pinned_at`, newest pin first. */
export const GET = withUser(({ user, params }) => pinnedRows(user, params.channel), { params: channelParam });
