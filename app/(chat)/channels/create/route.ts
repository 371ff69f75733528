import { createChannel, createChannelBody } from "@/lib/chat/channel-admin";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /channels/create` `{"name", "purpose"?}` (admins) → the new channel as `/channels/browse` lists it. */
export const POST = withUser(async ({ req, user }) => createChannel(user, parseInput(createChannelBody, await readJsonObject(req))));
