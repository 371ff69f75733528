import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { pinMessage } from "@/lib/messaging/actions";

/** `POST /pin/<id>` → `{"id", "channel", "pinned": true, "pinned_by", "pinned_at"}`; pinning twice keeps the first pin. */
export const POST = withUser(({ user, params }) => pinMessage(user, messageIdOf(params.id)));
