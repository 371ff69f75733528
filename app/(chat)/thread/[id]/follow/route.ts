import { follow } from "@/lib/chat/threads";
import { messageIdOf } from "@/lib/chat/actions";
import { withUser } from "@/lib/http/route";

/** `POST /thread/<id>/follow` → `{root_id, following: true}`: the thread's replies count for the caller's Threads view. */
export const POST = withUser(({ user, params }) => follow(user, messageIdOf(params.id), true));
