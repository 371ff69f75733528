import { overrideBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { noContent, withUser } from "@/lib/http/route";
import { getOverride, setOverride } from "@/lib/presence";
import { parseInput } from "@/lib/schemas";

/** `GET /presence/override` → `{"override": "active"|"idle"|"offline"|null}`. */
export const GET = withUser(async ({ user }) => ({ override: await getOverride(user) }));

/** `POST /presence/override` `{"override": …}`; null, "" and "auto" go back to automatic. */
export const POST = withUser(async ({ req, user }) => {
  const { override } = parseInput(overrideBody, await readJsonObject(req));
  await setOverride(user, override);
  return noContent();
});
