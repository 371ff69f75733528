import { closeDm } from "@/lib/chat/sidebar";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";

/** `POST /dms/close` `{"channel": "dm:…"}`: hides the DM until a newer message. */
export const POST = withUser(async ({ req, user }) => {
  const { channel } = await readJsonObject(req);
  await closeDm(user, channel);
  return "ok";
});
