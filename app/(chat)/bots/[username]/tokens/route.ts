import { requireSession } from "@/lib/auth/principal";
import { createToken, listTokens, newTokenBody } from "@/lib/auth/tokens";
import { botParam, ownedBot } from "@/lib/bots";
import { readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `GET /bots/<username>/tokens`: the bot's tokens (its owner only), as `GET /tokens` lists them. */
export const GET = withUser(
  async ({ user, params: { username } }) => listTokens((await ownedBot(user, username)).username),
  { params: botParam },
);

/** `POST /bots/<username>/tokens` `{name, read_only?, expires_in_days?}` → 201 with the token (its owner's session only). */
export const POST = withUser(
  async ({ req, user, params: { username } }) => {
    requireSession(req);
    const bot = await ownedBot(user, username);
    const input = parseInput(newTokenBody, await readJsonObject(req));
    return json(await createToken(bot.username, user, { name: input.name, readOnly: input.read_only, expiresInDays: input.expires_in_days }), 201);
  },
  { params: botParam },
);
