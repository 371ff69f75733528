import { follow } from "@/lib/chat/threads";
import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";

/** `POST /thread/<id>/unfollow` → `{root_id, following: false}`: later replies no longer follow the caller in (a mention does). */
export const POST = withUser(({ user, params }) => follow(user, messageIdOf(params.id), false));
