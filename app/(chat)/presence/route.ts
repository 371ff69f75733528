import { invalid } from "@/lib/errors";
import { readJsonObject } from "@/lib/http/input";
import { noContent, withUser } from "@/lib/http/route";
import { isPresenceState, PRESENCE_STATES, setPresence } from "@/lib/presence";

/** `POST /presence` `{"state": "active"|"idle"|"hidden"|"offline"}` → 204. */
export const POST = withUser(async ({ req, user }) => {
  const { state } = await readJsonObject(req);
  if (!isPresenceState(state)) throw invalid(`state must be one of ${PRESENCE_STATES.join(", ")}`);
  await setPresence(user, state);
  return noContent();
});
