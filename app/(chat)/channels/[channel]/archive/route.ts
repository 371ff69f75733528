import { setArchived } from "@/lib/chat/channel-admin";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /channels/<ch>/archive` (admins): read-only, out of every sidebar; a settings.json channel: 409. */
export const POST = withUser(({ user, params }) => setArchived(user, params.channel, true), { params: channelParam });
