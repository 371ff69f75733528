import { requireSession } from "@/lib/auth/principal";
import { readJsonObject } from "@/lib/http/input";
import { json, withUser } from "@/lib/http/route";
import { createOutgoing, listOutgoing } from "@/lib/integrations/outgoing";
import { createOutgoingBody } from "@/lib/integrations/schemas";
import { parseInput } from "@/lib/schemas";

/** `GET /webhooks/outgoing`: the caller's outgoing webhooks, newest first (never their secrets). */
export const GET = withUser(({ user }) => listOutgoing(user));

/** `POST /webhooks/outgoing` `{channel, name, url, trigger_words?}` → 201 with the signing `secret`, shown this once. Sessions only. */
export const POST = withUser(async ({ req, user }) => {
  requireSession(req); // a webhook is a credential of its own: a leaked token must not mint one
  const input = parseInput(createOutgoingBody, await readJsonObject(req));
  return json(await createOutgoing(user, input), 201);
});
