import { channelMentions } from "@/lib/chat/sidebar";
import { withUser } from "@/lib/http/route";

/** `GET /channel_mentions` (our addition): `{channel: N}` unread mentions of the caller per channel. */
export const GET = withUser(({ user }) => channelMentions(user));
