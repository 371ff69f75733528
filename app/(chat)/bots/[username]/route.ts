import { botParam, botPatchBody, deleteBot, updateBot } from "@/lib/bots";
import { readJsonObject } from "@/lib/http/input";
import { noContent, withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `PATCH /bots/<username>` `{display_name}` → the bot (its owner only). */
export const PATCH = withUser(
  async ({ req, user, params: { username } }) => {
    const input = parseInput(botPatchBody, await readJsonObject(req));
    return updateBot(user, username, { displayName: input.display_name });
  },
  { params: botParam },
);

/** `DELETE /bots/<username>` → 204 (its owner only): the account goes as account deletion takes it. */
export const DELETE = withUser(
  async ({ user, params: { username } }) => {
    await deleteBot(user, username);
    return noContent();
  },
  { params: botParam },
);
