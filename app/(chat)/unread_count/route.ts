import { unreadCount } from "@/lib/chat/sidebar";
import { withUser } from "@/lib/http/route";

/** `GET /unread_count`: `{"count": N}` unread DM messages. */
export const GET = withUser(({ user }) => unreadCount(user));
