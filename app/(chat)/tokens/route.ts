import { requireSession } from "@/lib/auth/principal";
import { createToken, listTokens, newTokenBody } from "@/lib/auth/tokens";
import { readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `GET /tokens`: the caller's own tokens, newest first, never their secrets. */
export const GET = withUser(({ user }) => listTokens(user));

/** `POST /tokens` `{name, read_only?, expires_in_days?}` → 201 with the token, shown this once. Sessions only. */
export const POST = withUser(async ({ req, user }) => {
  requireSession(req);
  const input = parseInput(newTokenBody, await readJsonObject(req));
  return json(await createToken(user, user, { name: input.name, readOnly: input.read_only, expiresInDays: input.expires_in_days }), 201);
});
