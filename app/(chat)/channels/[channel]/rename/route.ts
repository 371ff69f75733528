import { renameChannel, renameChannelBody } from "@/lib/chat/channel-admin";
import { readJsonObject } from "@/lib/http/input";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /channels/<ch>/rename` `{"name"}` (admins): the name shown changes, the id stays. */
export const POST = withUser(
  async ({ req, user, params }) => renameChannel(user, params.channel, parseInput(renameChannelBody, await readJsonObject(req))),
  { params: channelParam },
);
