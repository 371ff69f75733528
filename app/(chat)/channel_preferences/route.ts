import { channelPreferences } from "@/lib/chat/preferences";
import { withUser } from "@/lib/http/route";

/** `GET /channel_preferences` → `{"<channel>": {"muted": true}}` (muted channels of the caller; `{}` when none). */
export const GET = withUser(({ user }) => channelPreferences(user));
