/**
 * The HTTP side of signing in, shared by the JSON API and the reference-style form posts:
 * credentials come as JSON or as a form; a form post is answered the reference's way
 * (302 to `/` with the cookie), a JSON call with the token in the body for Bearer use.
 */
import "server-only";
import { isSecureRequest, mintSessionToken, sessionCookieHeader } from "@/lib/auth/session";
import { isJsonRequest } from "./input";
import { json } from "./route";

/** Signs the request in as `username`. */
export async function signedInResponse(req: Request, username: string): Promise<Response> {
  const token = await mintSessionToken(username);
  const cookie = sessionCookieHeader(token, isSecureRequest(req));
  if (!isJsonRequest(req)) return new Response(null, { status: 302, headers: { Location: "/", "Set-Cookie": cookie } });
  return json({ username, token }, 200, { "Set-Cookie": cookie });
}
