import path from "node:path";
import type { NextConfig } from "next";
import { DOCS_CSP } from "./lib/api/docs/csp";
import { appPaths } from "./lib/http/app-paths";
import { API_CSP, COMMON_SECURITY_HEADERS, CONFIRM_PAGE_CSP, FILE_CSP, PAGE_CSP } from "./lib/http/security-headers";

/** Route handlers that serve stored files (uploads, avatars): those answers are sandboxed. */
const FILE_ROUTES = ["/files/:name", "/avatar/:username"];
/** A route handler that answers a page of its own: the sign-out confirm page, whose form must post. */
const PAGE_ROUTES = [
  { source: "/logout", csp: CONFIRM_PAGE_CSP },
  // The API reference: Swagger UI's own script and styles, from this site only.
  { source: "/api/docs", csp: DOCS_CSP },
];
const OWN_CSP = new Set([...FILE_ROUTES, ...PAGE_ROUTES.map((r) => r.source)]);

const csp = (value: string) => [{ key: "Content-Security-Policy", value }];

/**
 * Security headers on every answer, Next.js's own included (its 404 page, a 405 for a method a route
 * does not export). Where several rules match, the last one's value wins, and a value set here
 * replaces the one a handler sets: so the CSP goes by path, from the most general to the most
 * specific: the page CSP by default (pages and the not-found page), the API one on every route
 * handler's path, the sandboxed one where files are served. The paths come from the app/ folder
 * when the build reads this file, so a new route gets its CSP without an edit here.
 */
function securityHeaders() {
  const routes = appPaths(path.join(process.cwd(), "app")).filter((p) => p.kind === "route" && !OWN_CSP.has(p.source));
  return [
    {
      source: "/:path*",
      headers: [...Object.entries(COMMON_SECURITY_HEADERS).map(([key, value]) => ({ key, value })), ...csp(PAGE_CSP)],
    },
    ...routes.map((route) => ({ source: route.source, headers: csp(API_CSP) })),
    ...FILE_ROUTES.map((source) => ({ source, headers: csp(FILE_CSP) })),
    ...PAGE_ROUTES.map((route) => ({ source: route.source, headers: csp(route.csp) })),
  ];
}

const nextConfig: NextConfig = {
  // Separate builds can live side by side (the benchmarks and server tests build their own).
  distDir: process.env.MINIMOST_BUILD_DIR || ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // The reference's paths have no trailing slash; never redirect API clients.
  skipTrailingSlashRedirect: true,
  async headers() {
    return securityHeaders();
  },
  // Browsers ask for /favicon.ico on pages that name no icon (the sign-out confirm page, redirects): the
  // app's icon answers, rather than a 404 in the console.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default nextConfig;
