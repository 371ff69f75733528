import { editMessage, messageRow } from "@/lib/chat/messages";
import { wantsJson } from "@/lib/chat/script-answers";
import { readStringFields } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /edit/<id>` (form `text`) → `ok`; with `Accept: application/json`, `{"message": row}` as /messages shows it. */
export const POST = withUser(
  async ({ req, user, params }) => {
    const { text } = await readStringFields(req, ["text"], 4 * 1024 * 1024);
    await editMessage(user, params.id, text);
    return wantsJson(req) ? { message: await messageRow(user, params.id) } : "ok";
  },
  { params: idParam },
);
