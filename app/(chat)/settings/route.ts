import { getSettings, updateSettings } from "@/lib/chat/profile";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";

/** `GET /settings` → `{"name_color", "bio"}`. */
export const GET = withUser(({ user }) => getSettings(user));

/** `POST /settings` `{"name_color", "bio"}`. */
export const POST = withUser(async ({ req, user }) => {
  await updateSettings(user, await readJsonObject(req));
  return "ok";
});
