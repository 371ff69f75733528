import { messageRow, toggleReaction } from "@/lib/chat/messages";
import { wantsJson } from "@/lib/chat/script-answers";
import { readStringFields } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/**
 * `POST /react/<id>` (form `reaction`) → the message's reaction map after the toggle; with
 * `Accept: application/json`, `{"message": row}` as /messages shows it instead.
 */
export const POST = withUser(
  async ({ req, user, params }) => {
    const { reaction } = await readStringFields(req, ["reaction"]);
    const map = await toggleReaction(user, params.id, reaction.trim());
    return wantsJson(req) ? { message: await messageRow(user, params.id) } : map;
  },
  { params: idParam },
);
