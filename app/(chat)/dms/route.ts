import { dmList } from "@/lib/chat/sidebar";
import { withUser } from "@/lib/http/route";

/** `GET /dms`: the caller's conversations, newest first, hidden ones left out. */
export const GET = withUser(({ user }) => dmList(user));
