/**
 * next-auth's credentials flow (`/api/auth/*`) over the same accounts and the same session claims
 * as the pages and the API, so a token from either door is checked the same way.
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { isDomainError } from "@/lib/errors";
import { login } from "./accounts";
import { clientAddress } from "./address";
import { authSecret } from "./secret";
import { endSessionOfClaims, SESSION_MAX_AGE_SECONDS, sessionClaims, userFromClaims } from "./session";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "MiniMost",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const username = await login({
              username: credentials?.username ?? "",
              password: credentials?.password ?? "",
              address: clientAddress(req?.headers),
            });
            return { id: username, name: username };
          } catch (err) {
            // next-auth hands the message to the client as `error`.
            if (isDomainError(err)) throw new Error(err.message);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) return { ...token, ...(await sessionClaims(user.id)) };
        // A session that ended (logout, sign-out everywhere, a new password, a deleted account) is no
        // session: next-auth answers `/api/auth/session` empty and clears the cookie on this error.
        if (!(await userFromClaims(token))) throw new Error("session ended");
        return token;
      },
    },
    events: {
      // next-auth's own sign-out ends the session server-side too, as a logout does (port decision 16).
      async signOut({ token }) {
        await endSessionOfClaims(token);
      },
    },
  };
}
