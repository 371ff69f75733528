import { otherMembers, resolveChannel } from "@/lib/channels";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /channel_members/<channel>`: everyone who has the channel, but the caller. */
export const GET = withUser(async ({ user, params }) => otherMembers(await resolveChannel(user, params.channel), user), { params: channelParam });
