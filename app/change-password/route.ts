import { changePassword, FormError } from "@/lib/auth/accounts";
import { readStringFields } from "@/lib/http/input";
import { isSecureRequest, mintSessionToken, sessionCookieHeader } from "@/lib/auth/session";
import { jsonError } from "@/lib/http/errors";
import { json, withUser } from "@/lib/http/route";

/**
 * `POST /change-password` (form or JSON): `current_password`, `new_password`, `confirm_password`.
 * Every other session ends; this one continues with a fresh cookie.
 */
export const POST = withUser(async ({ req, user }) => {
  const fields = await readStringFields(req, ["current_password", "new_password", "confirm_password"], 64 * 1024);
  if (!fields.current_password) throw jsonError(400, "Please enter your current password.");
  try {
    await changePassword(user, { current: fields.current_password, password: fields.new_password, confirm: fields.confirm_password });
  } catch (err) {
    if (err instanceof FormError) throw jsonError(400, err.message);
    throw err;
  }
  const cookie = sessionCookieHeader(await mintSessionToken(user), isSecureRequest(req));
  return json({ ok: true }, 200, { "Set-Cookie": cookie });
});
