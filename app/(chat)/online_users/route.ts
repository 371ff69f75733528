import { withUser } from "@/lib/http/route";
import { onlineUsers } from "@/lib/presence";

/** `GET /online_users`: `{user: state}` for everyone seen in the last hour. */
export const GET = withUser(() => onlineUsers());
