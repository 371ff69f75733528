import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/next-auth";
import { text, withHeaders } from "@/lib/http/route";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: the secret may be generated on first start, never at build time.
const handler = withHeaders(async (req: NextRequest, context: Context) => {
  // The credentials provider is only ever posted to; next-auth answers a GET of it with a 500.
  if (req.method === "GET" && (await context.params).nextauth?.join("/") === "callback/credentials") {
    return text("method not allowed", 405, { Allow: "POST" });
  }
  return (await NextAuth(req, context, authOptions())) as Response;
});

export { handler as GET, handler as POST };
