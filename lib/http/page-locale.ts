/** The language a page is drawn in (server components, and route handlers that draw a page). */
import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { Messages } from "@/lib/i18n/catalog";
import { isLocale, LANGUAGE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { localeFromAcceptLanguage } from "@/lib/i18n/negotiate";
import { translatorFor } from "@/lib/i18n/translate";
import { pageLanguage, pageUser } from "./page-session";

/**
 * Once per request: the signed-in reader's setting, else this browser's cookie (the last choice made
 * here), else the browser's Accept-Language.
 */
export const pageLocale = cache(async (): Promise<Locale> => {
  const user = await pageUser().catch(() => null);
  const chosen = user ? await pageLanguage(user) : null;
  if (chosen) return chosen;
  const fromCookie = (await cookies()).get(LANGUAGE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});

/** A translator for a server component in the page's language: `const t = await pageT("boards")`. */
export async function pageT<N extends keyof Messages>(namespace: N) {
  return translatorFor(await pageLocale(), namespace);
}
