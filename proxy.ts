import { NextResponse, type NextRequest } from "next/server";

/**
 * Reference clients sign in by posting a form to /login or /signup, the same paths as the pages.
 * Such posts go to the API handlers; the pages' own server actions (marked by Next-Action) pass through.
 */
export function proxy(request: NextRequest) {
  if (request.method === "POST" && !request.headers.has("next-action")) {
    const url = request.nextUrl.clone();
    url.pathname = request.nextUrl.pathname === "/signup" ? "/api/signup" : "/api/login";
    return NextResponse.rewrite(url);
  }
  return NextResponse.next();
}

export const config = { matcher: ["/login", "/signup"] };
