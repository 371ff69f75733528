import { logout } from "@/lib/auth/accounts";
import { clearedSessionCookieHeaders, endSession, tokenFromRequest } from "@/lib/auth/session";
import { readStringFields } from "@/lib/http/input";
import { withOptionalUser } from "@/lib/http/route";
import { CONFIRM_PAGE_CSP } from "@/lib/http/security-headers";
import { signOffPresence } from "@/lib/presence";


const CONFIRM_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign out? — MiniMost</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.25rem">Sign out of MiniMost?</h1>
<p>Another site sent you here. Nothing has changed; sign out only if you meant to.</p>
<form method="post" action="/logout">
<button type="submit">Sign out</button>
<button type="submit" name="everywhere" value="1">Sign out everywhere</button>
</form>
<p><a href="/">Back to MiniMost</a></p>
</body>
</html>
`;

function toLogin(): Response {
  const headers = new Headers({ Location: "/login" });
  for (const cookie of clearedSessionCookieHeaders()) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}

/**
 * Port decision 16: `/logout` ends this session only; `POST /logout` with `everywhere=1` ends every
 * session of the account. A `GET` that another site started (a link, an image) ends nothing: it only
 * shows a button that posts here, and a cross-site post is refused by the route wrapper.
 */
async function signOut(req: Request, user: string | null, everywhere: boolean): Promise<Response> {
  if (user) {
    await signOffPresence(user);
    if (everywhere) await logout(user);
    else await endSession(tokenFromRequest(req));
  }
  return toLogin();
}

export const GET = withOptionalUser(async ({ req, user }) => {
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") {
    return new Response(CONFIRM_PAGE, {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CONFIRM_PAGE_CSP, "Cache-Control": "no-store" },
    });
  }
  return signOut(req, user, false);
});

export const POST = withOptionalUser(async ({ req, user }) => {
  const { everywhere } = await readStringFields(req, ["everywhere"], 4096);
  return signOut(req, user, everywhere === "1");
});
