import { logout } from "@/lib/auth/accounts";
import { clearedSessionCookieHeaders, endSession, parseCookies, tokenFromRequest } from "@/lib/auth/session";
import { getSettings } from "@/lib/chat/profile";
import { readStringFields } from "@/lib/http/input";
import { withOptionalUser } from "@/lib/http/route";
import { CONFIRM_PAGE_CSP } from "@/lib/http/security-headers";
import { isLocale, LANGUAGE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { localeFromAcceptLanguage } from "@/lib/i18n/negotiate";
import { translatorFor } from "@/lib/i18n/translate";
import { signOffPresence } from "@/lib/presence";

/** The language of the confirm page: the account's setting, else this browser's last choice, else its Accept-Language. */
async function requestLocale(req: Request, user: string | null): Promise<Locale> {
  const chosen = user ? await getSettings(user).then((s) => s.language).catch(() => null) : null;
  if (chosen) return chosen;
  const fromCookie = parseCookies(req.headers.get("cookie")).get(LANGUAGE_COOKIE);
  return isLocale(fromCookie) ? fromCookie : localeFromAcceptLanguage(req.headers.get("accept-language"));
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function confirmPage(locale: Locale): string {
  const t = translatorFor(locale, "auth");
  const text = (key: Parameters<typeof t>[0]) => escapeHtml(t(key));
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text("logout.title")}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 28rem; margin: 4rem auto; padding: 0 1rem">
<h1 style="font-size: 1.25rem">${text("logout.heading")}</h1>
<p>${text("logout.text")}</p>
<form method="post" action="/logout">
<button type="submit">${text("logout.signOut")}</button>
<button type="submit" name="everywhere" value="1">${text("logout.everywhere")}</button>
</form>
<p><a href="/">${text("logout.back")}</a></p>
</body>
</html>
`;
}

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
    return new Response(confirmPage(await requestLocale(req, user)), {
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
