/**
 * Who makes a request: the one answer every door asks for (the route wrapper, the tribune, the boards'
 * pages). A session (next-auth's cookie or its token as `Authorization: Bearer …`) or a personal access
 * token (`Bearer mmp_…`, ./tokens.ts) stands for a user; anything else is anonymous (null).
 *
 * An access token is sent on purpose, so it must hold: a malformed, unknown, revoked or expired one, or
 * one of a deleted account, is refused (401) rather than taken for anonymous. A token in the query
 * string is refused (400) whatever it is: URLs end up in logs and Referer headers.
 */
import "server-only";
import { forbidden, invalid, unauthorized } from "@/lib/errors";
import { tokenFromHeaders, userFromToken } from "./session";
import { isAccessToken, tokenPrincipal } from "./tokens";

export interface Principal {
  username: string;
  /** The access token's public id when the request came with one; null for a session. */
  tokenId: string | null;
  /** A read-only token: GET and HEAD only. */
  readOnly: boolean;
}

/** What is read of a request to tell who makes it. */
export interface PrincipalHead {
  readonly method: string;
  /** The path and query as the request line gave them. */
  readonly target: string;
  header(name: string): string | null;
}

export const QUERY_TOKEN_MESSAGE = "access tokens go in the Authorization header";
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const QUERY_TOKEN_NAMES = ["access_token", "token"];

/** Whether the query names a token parameter; the cheap test first, since nearly no query mentions one. */
function queryHoldsToken(target: string): boolean {
  const mark = target.indexOf("?");
  if (mark < 0 || !/token/i.test(target.slice(mark))) return false;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(target.slice(mark + 1));
  } catch {
    return false;
  }
  return QUERY_TOKEN_NAMES.some((name) => params.has(name));
}

/** The bearer credential of an Authorization header, or null. */
function bearerOf(authorization: string | null): string | null {
  if (!authorization || !/^bearer /i.test(authorization)) return null;
  return authorization.slice(7).trim() || null;
}

/** The request's principal, or null for an anonymous one. */
export async function principalOf(head: PrincipalHead): Promise<Principal | null> {
  if (queryHoldsToken(head.target)) throw invalid(QUERY_TOKEN_MESSAGE, "json");
  const authorization = head.header("authorization");
  const bearer = bearerOf(authorization);
  if (bearer !== null && isAccessToken(bearer)) {
    const token = await tokenPrincipal(bearer);
    if (!token) throw unauthorized();
    if (token.readOnly && !READ_METHODS.has(head.method.toUpperCase())) throw forbidden("read-only token", "json");
    return token;
  }
  const username = await userFromToken(tokenFromHeaders(authorization, head.header("cookie")));
  return username ? { username, tokenId: null, readOnly: false } : null;
}

/**
 * Whether a request (already admitted by the route wrapper) came with an access token rather than a
 * session: what may only be done from a session (managing tokens and bots) asks this.
 */
export function madeWithToken(req: Request): boolean {
  const bearer = bearerOf(req.headers.get("authorization"));
  return bearer !== null && isAccessToken(bearer);
}

/** Only a session manages tokens and bots: a leaked token must not mint more. */
export function requireSession(req: Request): void {
  if (madeWithToken(req)) throw forbidden("tokens cannot manage tokens", "json");
}
