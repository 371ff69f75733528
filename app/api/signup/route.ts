import { signup } from "@/lib/auth/accounts";
import { readStringFields } from "@/lib/http/input";
import { withOptionalUser } from "@/lib/http/route";
import { signedInResponse } from "@/lib/http/sign-in";

/** `POST /api/signup` (JSON) and `POST /signup` (form, rewritten here by the proxy). */
export const POST = withOptionalUser(async ({ req }) => {
  const fields = await readStringFields(req, ["username", "password", "confirm_password"], 64 * 1024);
  const username = await signup({ username: fields.username, password: fields.password, confirm: fields.confirm_password });
  return signedInResponse(req, username);
});
