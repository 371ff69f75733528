// The headers next.config.ts puts on every path, and where proxy.ts runs and what it answers.
import { NextRequest } from "next/server";
import { unstable_doesMiddlewareMatch, unstable_getResponseFromNextConfig } from "next/experimental/testing/server";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";
import { API_CSP, CONFIRM_PAGE_CSP, FILE_CSP, PAGE_CSP } from "@/lib/http/security-headers";

const headersFor = async (path: string) => (await unstable_getResponseFromNextConfig({ url: `http://localhost:3000${path}`, nextConfig })).headers;

describe("next.config headers", () => {
  it.each([
    ["/", PAGE_CSP],
    ["/login", PAGE_CSP],
    ["/reset-password/abc123", PAGE_CSP],
    ["/no/such/page", PAGE_CSP],
    ["/messages/general", API_CSP],
    ["/send/dm%3Aalice%3Abob", API_CSP],
    ["/private_channels/3/rename", API_CSP],
    ["/api/auth/callback/credentials", API_CSP],
    ["/avatar", API_CSP],
    ["/files/0123456789abcdef0123456789abcdef_page.html", FILE_CSP],
    ["/avatar/alice", FILE_CSP],
    ["/logout", CONFIRM_PAGE_CSP], // its confirm page's button must be able to post
  ])("give %s its own CSP, nosniff and frame denial", async (path, csp) => {
    const headers = await headersFor(path);
    expect(headers.get("content-security-policy")).toBe(csp);
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
  });

  it("keep stored files sandboxed and API answers inert", () => {
    expect(FILE_CSP).toMatch(/^default-src 'none';.*\bsandbox\b/);
    expect(API_CSP).toMatch(/^default-src 'none';/);
  });
});

describe("the proxy", () => {
  const runsOn = (path: string) => unstable_doesMiddlewareMatch({ config: proxyConfig, url: `http://localhost:3000${path}` });

  it.each(["/messages/%E0%A4%A", "/files/%", "/files/%ZZ", "/avatar/%C0%AF", "/send/%ED%A0%80", "/private_channels/%F4%90%80%80/rename", "/%E0%A4%A", "/login", "/signup"])(
    "runs on %s",
    (path) => {
      expect(runsOn(path)).toBe(true);
    },
  );

  // Next.js copies (and waits for) the body of every request the proxy runs on: never on uploads.
  it.each(["/send/general", "/send/dm%3Aalice%3Abob", "/send/caf%C3%A9", "/send/%F0%9F%8E%89", "/avatar", "/files/abc_x.txt", "/messages/%E2%80%AE"])(
    "stays out of %s",
    (path) => {
      expect(runsOn(path)).toBe(false);
    },
  );

  it("answers a malformed path 400 with the security headers", async () => {
    const res = proxy(new NextRequest("http://localhost:3000/messages/%E0%A4%A"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "malformed path" });
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("still sends the reference's form posts to /login and /signup to the API", () => {
    expect(proxy(new NextRequest("http://localhost:3000/login", { method: "POST" })).headers.get("x-middleware-rewrite")).toBe("http://localhost:3000/api/login");
    expect(proxy(new NextRequest("http://localhost:3000/signup", { method: "POST" })).headers.get("x-middleware-rewrite")).toBe("http://localhost:3000/api/signup");
    expect(proxy(new NextRequest("http://localhost:3000/login")).headers.get("x-middleware-rewrite")).toBeNull();
  });
});
