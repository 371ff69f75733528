import { createPrivateChannel } from "@/lib/chat/private-channels";
import { createPrivateChannelBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /private_channels/create` `{"name", "members"}` → `{"id", "channel", "name"}`. */
export const POST = withUser(async ({ req, user }) => createPrivateChannel(user, parseInput(createPrivateChannelBody, await readJsonObject(req))));
