import { getThread } from "@/lib/chat/threads";
import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";

/**
 * `GET /thread/<id>` (a thread's root or any of its replies) → `{root_id, channel, root, replies, summary,
 * following, unread}`: rows as `/messages` shows them, replies oldest first. Refused as the channel refuses.
 */
export const GET = withUser(({ user, params }) => getThread(user, messageIdOf(params.id)));
