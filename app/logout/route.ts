import { logout } from "@/lib/auth/accounts";
import { clearedSessionCookieHeaders } from "@/lib/auth/session";
import { withOptionalUser } from "@/lib/http/route";
import { signOffPresence } from "@/lib/presence";

/** Signs out (every session of the account ends), marks the user offline, and goes to /login. */
async function signOut({ user }: { user: string | null }) {
  if (user) {
    await signOffPresence(user);
    await logout(user);
  }
  const headers = new Headers({ Location: "/login" });
  for (const cookie of clearedSessionCookieHeaders()) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}

export const GET = withOptionalUser(signOut);
export const POST = withOptionalUser(signOut);
