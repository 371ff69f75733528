import { renamePrivateChannel } from "@/lib/chat/private-channels";
import { renamePrivateChannelBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /private_channels/<id>/rename` `{"name"}`. */
export const POST = withUser(
  async ({ req, user, params }) => {
    await renamePrivateChannel(user, params.id, parseInput(renamePrivateChannelBody, await readJsonObject(req)));
    return "ok";
  },
  { params: idParam },
);
