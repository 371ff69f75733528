import { changePassword } from "@/lib/auth/accounts";
import { readStringFields } from "@/lib/http/input";
import { isSecureRequest, mintSessionToken, sessionCookieHeader } from "@/lib/auth/session";
import { invalid } from "@/lib/errors";
import { json, withUser } from "@/lib/http/route";

/**
 * `POST /change-password` (form or JSON): `current_password`, `new_password`, `confirm_password`.
 * Every other session ends; this one continues with a fresh cookie.
 */
export const POST = withUser(async ({ req, user }) => {
  const fields = await readStringFields(req, ["current_password", "new_password", "confirm_password"], 64 * 1024);
  if (!fields.current_password) throw invalid("Please enter your current password.");
  await changePassword(user, { current: fields.current_password, password: fields.new_password, confirm: fields.confirm_password });
  const cookie = sessionCookieHeader(await mintSessionToken(user), isSecureRequest(req));
  return json({ ok: true }, 200, { "Set-Cookie": cookie });
});
