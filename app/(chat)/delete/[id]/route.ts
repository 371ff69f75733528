import { deleteMessage, messageRow } from "@/lib/chat/messages";
import { wantsJson } from "@/lib/chat/script-answers";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/**
 * `POST /delete/<id>`: the message and its attachments become tombstones. Answers `ok`; with
 * `Accept: application/json`, `{"message": row}`, the tombstone as /messages shows it.
 */
export const POST = withUser(
  async ({ req, user, params }) => {
    await deleteMessage(user, params.id);
    return wantsJson(req) ? { message: await messageRow(user, params.id) } : "ok";
  },
  { params: idParam },
);
