import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { markUnread } from "@/lib/messaging/actions";

/** `POST /mark_unread/<id>` → `{"id", "channel", "unread"}`: this message and every later one are unread for you again. */
export const POST = withUser(({ user, params }) => markUnread(user, messageIdOf(params.id)));
