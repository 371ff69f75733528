import { login } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/address";
import { MESSAGES } from "@/lib/auth/rules";
import { readStringFields } from "@/lib/http/input";
import { unauthorized } from "@/lib/errors";
import { withOptionalUser } from "@/lib/http/route";
import { signedInResponse } from "@/lib/http/sign-in";
import { nameProblem } from "@/lib/text";

/** `POST /api/login` (JSON) and `POST /login` (form, rewritten here by the proxy). */
export const POST = withOptionalUser(async ({ req }) => {
  const fields = await readStringFields(req, ["username", "password"], 64 * 1024);
  // A name no account can have (empty, or with a control character) gets the usual answer but is not
  // counted as a failed attempt: it says nothing about any account, and junk never fills the throttle table.
  const typed = fields.username.trim();
  if (!typed || nameProblem(typed)) throw unauthorized(MESSAGES.invalidCredentials);
  const username = await login({ username: fields.username, password: fields.password, address: clientAddress(req.headers) });
  return signedInResponse(req, username);
});
