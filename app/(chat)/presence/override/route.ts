import { invalid } from "@/lib/errors";
import { readJsonObject } from "@/lib/http/input";
import { noContent, withUser } from "@/lib/http/route";
import { getOverride, isOverrideState, OVERRIDE_STATES, setOverride } from "@/lib/presence";

/** `GET /presence/override` → `{"override": "active"|"idle"|"offline"|null}`. */
export const GET = withUser(async ({ user }) => ({ override: await getOverride(user) }));

/** `POST /presence/override` `{"override": …}`; null, "" and "auto" go back to automatic. */
export const POST = withUser(async ({ req, user }) => {
  const { override } = await readJsonObject(req);
  if (override === null || override === "" || override === "auto") {
    await setOverride(user, null);
  } else if (isOverrideState(override)) {
    await setOverride(user, override);
  } else {
    throw invalid(`override must be one of ${OVERRIDE_STATES.join(", ")}, "auto" or null`);
  }
  return noContent();
});
