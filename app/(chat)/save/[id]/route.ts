import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { saveMessage } from "@/lib/messaging/actions";

/** `POST /save/<id>` → `{"id", "saved": true, "saved_at"}`; saving twice keeps the first save. */
export const POST = withUser(({ user, params }) => saveMessage(user, messageIdOf(params.id)));
