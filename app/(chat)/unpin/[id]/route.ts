import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";
import { unpinMessage } from "@/lib/messaging/actions";

/** `POST /unpin/<id>` → `{"id", "channel", "pinned": false, …}`; unpinning what is not pinned is fine. */
export const POST = withUser(({ user, params }) => unpinMessage(user, messageIdOf(params.id)));
