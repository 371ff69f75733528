import { toggleReaction } from "@/lib/chat/messages";
import { readStringFields } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";

/** `POST /react/<id>` (form `reaction`) → the message's reaction map after the toggle. */
export const POST = withUser(
  async ({ req, user, params }) => {
    const { reaction } = await readStringFields(req, ["reaction"]);
    return toggleReaction(user, params.id, reaction.trim());
  },
  { params: idParam },
);
