import { listFollowedThreads } from "@/lib/chat/threads";
import { withUser } from "@/lib/http/route";

/** `GET /threads` → `{threads: [{root_id, channel, root, summary, unread, last_activity}], total_unread, unread_threads}`, newest activity first. */
export const GET = withUser(({ user }) => listFollowedThreads(user));
