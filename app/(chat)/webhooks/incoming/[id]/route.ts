import { noContent, withUser } from "@/lib/http/route";
import { deleteIncoming } from "@/lib/integrations/incoming";
import { webhookIdParam } from "@/lib/integrations/schemas";

/** `DELETE /webhooks/incoming/<id>`: revokes the webhook at once; its URL answers 404 from then on. */
export const DELETE = withUser(
  async ({ user, params }) => {
    await deleteIncoming(user, params.id);
    return noContent();
  },
  { params: webhookIdParam },
);
