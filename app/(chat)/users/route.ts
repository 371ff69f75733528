import { withUser } from "@/lib/http/route";
import { otherUsernames } from "@/lib/users";

/** `GET /users`: every registered username but the caller's, in registration order. */
export const GET = withUser(({ user }) => otherUsernames(user));
