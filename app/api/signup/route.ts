import { FormError, signup } from "@/lib/auth/accounts";
import { signedInResponse } from "@/lib/auth/http";
import { readStringFields } from "@/lib/http/input";
import { MESSAGES } from "@/lib/auth/rules";
import { jsonError } from "@/lib/http/errors";
import { withOptionalUser } from "@/lib/http/route";

/** `POST /api/signup` (JSON) and `POST /signup` (form, rewritten here by the proxy). */
export const POST = withOptionalUser(async ({ req }) => {
  const fields = await readStringFields(req, ["username", "password", "confirm_password"], 64 * 1024);
  let username: string;
  try {
    username = await signup({ username: fields.username, password: fields.password, confirm: fields.confirm_password });
  } catch (err) {
    if (err instanceof FormError) throw jsonError(err.message === MESSAGES.userExists ? 409 : 400, err.message);
    throw err;
  }
  return signedInResponse(req, username);
});
