import { purposeBody, setPurpose } from "@/lib/chat/channel-admin";
import { readJsonObject } from "@/lib/http/input";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /channels/<ch>/purpose` `{"purpose"}` (anyone; `""` clears it). */
export const POST = withUser(
  async ({ req, user, params }) => setPurpose(user, params.channel, parseInput(purposeBody, await readJsonObject(req))),
  { params: channelParam },
);
