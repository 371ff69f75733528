import { deleteMessage } from "@/lib/chat/messages";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /delete/<id>`: the message and its attachments become tombstones. */
export const POST = withUser(
  async ({ user, params }) => {
    await deleteMessage(user, params.id);
    return "ok";
  },
  { params: idParam },
);
