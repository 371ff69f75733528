import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { unsaveMessage } from "@/lib/messaging/actions";

/** `POST /unsave/<id>` → `{"id", "saved": false, "saved_at": null}`. */
export const POST = withUser(({ user, params }) => unsaveMessage(user, messageIdOf(params.id)));
