import { requireSession } from "@/lib/auth/principal";
import { createBot, listBots, newBotBody } from "@/lib/bots";
import { readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `GET /bots`: every bot on the server (the client tags their messages). */
export const GET = withUser(() => listBots());

/** `POST /bots` `{username, display_name?}` → 201 the bot, owned by the caller. Sessions only. */
export const POST = withUser(async ({ req, user }) => {
  requireSession(req);
  const input = parseInput(newBotBody, await readJsonObject(req));
  return json(await createBot(user, { username: input.username, displayName: input.display_name ?? null }), 201);
});
