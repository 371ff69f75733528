import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { clientAddress } from "@/lib/auth/address";
import { authOptions } from "@/lib/auth/next-auth";
import { isJsonRequest, readBytes, readJsonObject } from "@/lib/http/input";
import { admitLogin, rateLimited } from "@/lib/http/rate-limit";
import { text, withHeaders } from "@/lib/http/route";

type Context = { params: Promise<{ nextauth: string[] }> };

const BODY_LIMIT = 64 * 1024;

/** next-auth reads a body whole and answers JSON it cannot parse with a 500: it gets a capped, checked copy. */
async function checkedBody(req: NextRequest): Promise<NextRequest> {
  if (req.method !== "POST" || !req.body) return req;
  const body = isJsonRequest(req) ? JSON.stringify(await readJsonObject(req, BODY_LIMIT)) : new Uint8Array(await readBytes(req, BODY_LIMIT));
  const headers = new Headers(req.headers);
  headers.delete("content-length"); // the JSON is written anew
  return new NextRequest(req.url, { method: req.method, headers, body });
}

// Options are built per request: the secret may be generated on first start, never at build time.
const handler = withHeaders(async (req: NextRequest, context: Context) => {
  // The credentials provider is only ever posted to; next-auth answers a GET of it with a 500.
  if ((await context.params).nextauth?.join("/") === "callback/credentials") {
    if (req.method === "GET") return text("method not allowed", 405, { Allow: "POST" });
    // A sign-in like /api/login's: it counts against the address's sign-in limit (lib/http/rate-limit.ts).
    const wait = admitLogin(clientAddress(req.headers));
    if (wait > 0) throw rateLimited(wait, "json");
  }
  return (await NextAuth(await checkedBody(req), context, authOptions())) as Response;
});

export { handler as GET, handler as POST };
