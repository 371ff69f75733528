import { deleteAccount } from "@/lib/auth/accounts";
import { deleteAccountBody } from "@/lib/auth/schemas";
import { clearedSessionCookieHeaders } from "@/lib/auth/session";
import { readJsonObject } from "@/lib/http/input";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /delete_account` `{"type": "soft"|"hard", "password"}` → `{"status": "ok"}`, signed out. */
export const POST = withUser(async ({ req, user }) => {
  await deleteAccount(user, parseInput(deleteAccountBody, await readJsonObject(req)));
  const headers = new Headers({ "Content-Type": "application/json" });
  for (const cookie of clearedSessionCookieHeaders()) headers.append("Set-Cookie", cookie);
  return new Response(JSON.stringify({ status: "ok" }), { status: 200, headers });
});
