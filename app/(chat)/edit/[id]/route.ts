import { editMessage } from "@/lib/chat/messages";
import { readStringFields } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /edit/<id>` (form `text`). */
export const POST = withUser(
  async ({ req, user, params }) => {
    const { text } = await readStringFields(req, ["text"], 4 * 1024 * 1024);
    await editMessage(user, params.id, text);
    return "ok";
  },
  { params: idParam },
);
