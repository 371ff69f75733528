import { setArchived } from "@/lib/chat/channel-admin";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /channels/<ch>/unarchive` (admins). */
export const POST = withUser(({ user, params }) => setArchived(user, params.channel, false), { params: channelParam });
