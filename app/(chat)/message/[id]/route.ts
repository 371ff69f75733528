import { getMessage } from "@/lib/chat/messages";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { messageLocation } from "@/lib/messaging/actions";

/**
 * `GET /message/<id>` → `{"id", "sender", "content", "filename", "deleted"}`, and our additions for
 * permalinks (issue 16): the `channel` it is in and its `ts`, so a client opening a link cold can go there.
 */
export const GET = withUser(
  async ({ user, params }) => {
    const message = await getMessage(user, params.id);
    const { channel, ts } = await messageLocation(user, params.id);
    return { ...message, channel, ts };
  },
  { params: idParam },
);
