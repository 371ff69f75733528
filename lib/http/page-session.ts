/** The signed-in user of a page request (server components and server actions). */
import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, userFromToken } from "@/lib/auth/session";
import { getSettings } from "@/lib/chat/profile";
import type { ThemeChoice } from "@/lib/client/theme-choice";
import type { Locale } from "@/lib/i18n/locales";

/** Once per request: the root layout (for the theme) and the page both ask. */
export const pageUser = cache(async (): Promise<string | null> => {
  const jar = await cookies();
  return userFromToken(jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value);
});

/** The signed-in reader's settings, once per request (layout and chat page); null when they cannot be read. */
const pageSettings = cache(async (user: string) => getSettings(user).catch(() => null));

/** The signed-in reader's theme setting; null when it cannot be read. */
export const pageTheme = async (user: string): Promise<ThemeChoice | null> => (await pageSettings(user))?.theme ?? null;

/** The signed-in reader's language setting; null when they follow the browser or it cannot be read. */
export const pageLanguage = async (user: string): Promise<Locale | null> => (await pageSettings(user))?.language ?? null;

async function isSecure(): Promise<boolean> {
  return (await headers()).get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

/** Sets the session cookie from a server action. */
export async function setSessionCookie(token: string): Promise<void> {
  const secure = await isSecure();
  (await cookies()).set(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
}
