import { addPrivateChannelMember } from "@/lib/chat/private-channels";
import { addMemberBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { idParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /private_channels/<id>/add_member` `{"username"}`. */
export const POST = withUser(
  async ({ req, user, params }) => {
    await addPrivateChannelMember(user, params.id, parseInput(addMemberBody, await readJsonObject(req)));
    return "ok";
  },
  { params: idParam },
);
