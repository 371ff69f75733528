import { withUser } from "@/lib/http/route";
import { allUsernames } from "@/lib/users";

/** `GET /users`: every registered username but the caller's, in registration order. */
export const GET = withUser(async ({ user }) => (await allUsernames()).filter((name) => name !== user));
