import { listMessages } from "@/lib/chat/messages";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/**
 * `GET /messages/<channel>?after=<seconds>`: messages created or changed since `after`;
 * `&limit=N` keeps the newest N, `?before=<seconds>&limit=N` pages back.
 */
export const GET = withUser(
  ({ req, user, params }) => {
    const query = new URL(req.url).searchParams;
    return listMessages(user, params.channel, query.get("after"), { limit: query.get("limit"), before: query.get("before") });
  },
  { params: channelParam },
);
