import { NextResponse, type NextRequest } from "next/server";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./lib/http/security-headers";

/** Whether every %-escape of the path decodes (as UTF-8); Next.js itself answers a bare 500 otherwise. */
function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * Two jobs, each on its own paths (see the matcher):
 * - a path with a malformed %-encoding is answered 400 here, with the security headers, before
 *   Next.js tries to decode it for a dynamic route;
 * - reference clients sign in by posting a form to /login or /signup, the same paths as the pages.
 *   Such posts go to the API handlers; the pages' own server actions (marked by Next-Action) pass through.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!decodablePath(pathname)) {
    return NextResponse.json(
      { error: "malformed path" },
      { status: 400, headers: { ...COMMON_SECURITY_HEADERS, "Content-Security-Policy": API_CSP } },
    );
  }
  if ((pathname === "/login" || pathname === "/signup") && request.method === "POST" && !request.headers.has("next-action")) {
    const url = request.nextUrl.clone();
    url.pathname = pathname === "/signup" ? "/api/signup" : "/api/login";
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

/*
 * The proxy runs only where it has work: Next.js copies the body of every request it runs on (up to
 * 10 MB, and waits for all of it), which uploads must never go through. The last matcher is exactly
 * the paths decodeURIComponent refuses: the lookahead fails when the whole path is plain characters
 * and well-formed UTF-8 %-sequences (no overlongs, no surrogates, nothing above U+10FFFF).
 * Next.js needs the matchers as literals.
 */
export const config = {
  matcher: [
    "/login",
    "/signup",
    "/:path((?!(?:[^%]|%[0-7][0-9A-Fa-f]|%[Cc][2-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Dd][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee]0%[ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][1-9A-Ca-c]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][Dd]%[89][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][EFef]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff]0%[9ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff][1-3]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff]4%8[0-9A-Fa-f]%[89ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f])*$).*)",
  ],
};
