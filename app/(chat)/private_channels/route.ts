import { privateChannelList } from "@/lib/chat/sidebar";
import { withUser } from "@/lib/http/route";

/** `GET /private_channels`: the caller's private channels with unread counts and members. */
export const GET = withUser(({ user }) => privateChannelList(user));
