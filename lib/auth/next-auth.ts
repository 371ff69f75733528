/**
 * next-auth's credentials flow (`/api/auth/*`) over the same accounts and the same session claims
 * as the pages and the API, so a token from either door is checked the same way.
 */
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { FormError, login } from "./accounts";
import { authSecret } from "./secret";
import { SESSION_MAX_AGE_SECONDS, sessionClaims } from "./session";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "MiniMost",
        credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          try {
            const username = await login({ username: credentials?.username ?? "", password: credentials?.password ?? "" });
            return { id: username, name: username };
          } catch (err) {
            // next-auth hands the message to the client as `error`.
            if (err instanceof FormError) throw new Error(err.message);
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        return user ? { ...token, ...(await sessionClaims(user.id)) } : token;
      },
    },
  };
}
