import { setJoined } from "@/lib/chat/channel-admin";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /channels/<ch>/leave` out of the caller's sidebar, counts and notifications. */
export const POST = withUser(({ user, params }) => setJoined(user, params.channel, false), { params: channelParam });
