/** The signed-in user of a page request (server components and server actions). */
import "server-only";
import { cookies, headers } from "next/headers";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, SESSION_MAX_AGE_SECONDS, userFromToken } from "@/lib/auth/session";

export async function pageUser(): Promise<string | null> {
  const jar = await cookies();
  return userFromToken(jar.get(SECURE_SESSION_COOKIE)?.value ?? jar.get(SESSION_COOKIE)?.value);
}

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
