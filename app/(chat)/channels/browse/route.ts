import { browseChannels } from "@/lib/chat/channel-admin";
import { withUser } from "@/lib/http/route";

/** `GET /channels/browse` → `[{"id", "name", "purpose", "archived", "configured", "member_count", "joined"}]`: every public channel. */
export const GET = withUser(({ user }) => browseChannels(user));
