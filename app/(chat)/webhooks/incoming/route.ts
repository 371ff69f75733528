import { requireSession } from "@/lib/auth/principal";
import { readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { createIncoming, listIncoming } from "@/lib/integrations/incoming";
import { createIncomingBody } from "@/lib/integrations/schemas";
import { parseInput } from "@/lib/schemas";
import { publicOrigin } from "../origin";

/** `GET /webhooks/incoming`: the caller's incoming webhooks, newest first (never their secrets). */
export const GET = withUser(({ user }) => listIncoming(user));

/** `POST /webhooks/incoming` `{channel, name, sender?}` → 201 with `url` and `secret`, shown this once. Sessions only. */
export const POST = withUser(async ({ req, user }) => {
  requireSession(req); // a webhook is a credential of its own: a leaked token must not mint one
  const input = parseInput(createIncomingBody, await readJsonObject(req));
  const created = await createIncoming(user, input);
  return json({ ...created, url: `${publicOrigin(req)}/hooks/${created.secret}` }, 201);
});
