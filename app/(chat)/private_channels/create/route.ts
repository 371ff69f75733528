import { createPrivateChannel } from "@/lib/chat/private-channels";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";

/** `POST /private_channels/create` `{"name", "members"}` → `{"id", "channel", "name"}`. */
export const POST = withUser(async ({ req, user }) => createPrivateChannel(user, await readJsonObject(req)));
