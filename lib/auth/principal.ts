/**
 * Who makes a request: the one answer every door asks for (the route wrapper, the tribune, the boards'
 * pages). A session (next-auth's cookie or its token as `Authorization: Bearer …`) or a personal access
 * token stands for a user; anything else is anonymous (null).
 */
import "server-only";
import { tokenFromHeaders, userFromToken } from "./session";

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

/** The request's principal, or null for an anonymous one. */
export async function principalOf(head: PrincipalHead): Promise<Principal | null> {
  const username = await userFromToken(tokenFromHeaders(head.header("authorization"), head.header("cookie")));
  return username ? { username, tokenId: null, readOnly: false } : null;
}
