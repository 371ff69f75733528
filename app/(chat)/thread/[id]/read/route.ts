import { markRead } from "@/lib/chat/threads";
import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";

/** `POST /thread/<id>/read` → `{root_id, unread: 0}`: every reply so far is read by the caller. */
export const POST = withUser(({ user, params }) => markRead(user, messageIdOf(params.id)));
