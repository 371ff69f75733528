import { channelUnreads } from "@/lib/chat/sidebar";
import { withUser } from "@/lib/http/route";

/** `GET /channel_unreads`: unread count of every public channel. */
export const GET = withUser(({ user }) => channelUnreads(user));
