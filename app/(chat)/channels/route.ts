import { joinedChannels } from "@/lib/chat/channel-admin";
import { withUser } from "@/lib/http/route";

/** `GET /channels`: the public channels in the caller's sidebar (joined, not archived), settings.json's first. */
export const GET = withUser(({ user }) => joinedChannels(user));
