import { listMessages } from "@/lib/chat/messages";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `GET /messages/<channel>?after=<seconds>`: messages created or changed since `after`. */
export const GET = withUser(
  ({ req, user, params }) => listMessages(user, params.channel, new URL(req.url).searchParams.get("after")),
  { params: channelParam },
);
