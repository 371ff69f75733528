import { closeDmBody } from "@/lib/chat/schemas";
import { closeDm } from "@/lib/chat/sidebar";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /dms/close` `{"channel": "dm:…"}`: hides the DM until a newer message. */
export const POST = withUser(async ({ req, user }) => {
  const { channel } = parseInput(closeDmBody, await readJsonObject(req));
  await closeDm(user, channel);
  return "ok";
});
