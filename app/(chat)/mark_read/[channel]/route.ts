import { markRead } from "@/lib/chat/messages";
import { channelParam } from "@/lib/http/params";
import { noContent, withUser } from "@/lib/http/route";

/** `POST /mark_read/<channel>` → 204. */
export const POST = withUser(
  async ({ user, params }) => {
    await markRead(user, params.channel);
    return noContent();
  },
  { params: channelParam },
);
