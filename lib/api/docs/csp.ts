/**
 * The API reference page's CSP: scripts and styles from this server only; the document is fetched from it
 * too. Free of imports, so next.config.ts can name it for /api/docs (its per-path CSP replaces a handler's).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
