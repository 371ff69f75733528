import { revokeToken, tokenIdParam } from "@/lib/auth/tokens";
import { noContent, withUser } from "@/lib/http/route";

/** `DELETE /tokens/<id>`: revokes one of the caller's tokens (or of a bot they own), refused everywhere at once. */
export const DELETE = withUser(
  async ({ user, params: { id } }) => {
    await revokeToken(user, id);
    return noContent();
  },
  { params: tokenIdParam },
);
