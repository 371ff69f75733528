import { noContent, withUser } from "@/lib/http/route";
import { deleteOutgoing } from "@/lib/integrations/outgoing";
import { webhookIdParam } from "@/lib/integrations/schemas";

/** `DELETE /webhooks/outgoing/<id>`: no delivery is made for it from then on, queued ones included. */
export const DELETE = withUser(
  async ({ user, params }) => {
    await deleteOutgoing(user, params.id);
    return noContent();
  },
  { params: webhookIdParam },
);
