import { getSettings, updateSettings } from "@/lib/chat/profile";
import { settingsBody } from "@/lib/chat/schemas";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `GET /settings` → `{"name_color", "bio", "theme"}` (theme: "light", "dark" or "system"). */
export const GET = withUser(({ user }) => getSettings(user));

/** `POST /settings` `{"name_color", "bio", "theme"}`: only the keys named change. */
export const POST = withUser(async ({ req, user }) => {
  await updateSettings(user, parseInput(settingsBody, await readJsonObject(req)));
  return "ok";
});
