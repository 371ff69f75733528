import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { messageHistory } from "@/lib/messaging/actions";

/** `GET /message/<id>/history` → `{"id", "channel", "sender", "versions": [{"content", "ts"}]}`, the original first. */
export const GET = withUser(({ user, params }) => messageHistory(user, messageIdOf(params.id)));
