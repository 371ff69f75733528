import { resolveChannel } from "@/lib/channels";
import { listMessages } from "@/lib/chat/messages";
import { messagesQuery } from "@/lib/chat/schemas";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/**
 * `GET /messages/<channel>?after=<seconds>`: messages created or changed since `after`;
 * `&limit=N` keeps the newest N, `?before=<seconds>&limit=N` pages back.
 */
export const GET = withUser(
  async ({ req, user, params }) => {
    const channel = await resolveChannel(user, params.channel); // 403 before any query check, as always
    const query = new URL(req.url).searchParams;
    return listMessages(user, channel, parseInput(messagesQuery, { after: query.get("after"), limit: query.get("limit"), before: query.get("before") }));
  },
  { params: channelParam },
);
