import { presenceBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { noContent, withUser } from "@/lib/http/route";
import { setPresence } from "@/lib/presence";
import { parseInput } from "@/lib/schemas";

/** `POST /presence` `{"state": "active"|"idle"|"hidden"|"offline"}` → 204. */
export const POST = withUser(async ({ req, user }) => {
  const { state } = parseInput(presenceBody, await readJsonObject(req));
  await setPresence(user, state);
  return noContent();
});
