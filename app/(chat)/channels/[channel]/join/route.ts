import { setJoined } from "@/lib/chat/channel-admin";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /channels/<ch>/join` back in the caller's sidebar; an archived channel: 403. */
export const POST = withUser(({ user, params }) => setJoined(user, params.channel, true), { params: channelParam });
