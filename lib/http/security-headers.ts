/**
 * Security headers. Pages get a CSP that lets Next.js hydrate; API answers get one that allows nothing,
 * since they are data and never rendered. Kept free of server-only imports: next.config.ts reads it.
 */
const dev = process.env.NODE_ENV === "development";

export const PAGE_CSP = [
  "default-src 'self'",
  // Next.js inlines its bootstrap scripts; dev mode also evaluates code for fast refresh.
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Stored files (uploads, avatars): shown, never run; an HTML upload opened directly is a sandboxed inert page. */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * The sign-out confirm page (`GET /logout` started by another site): its one form posts back to us,
 * and it loads nothing else.
 */
export const CONFIRM_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
