/**
 * The interactive API reference at /api/docs: Swagger UI (swagger-ui-dist), served from node_modules by
 * this server, no CDN. The page loads only our own scripts and styles, so its CSP allows 'self' alone
 * (the page's start-up code is a file too, not an inline script).
 */
import fs from "node:fs/promises";
import path from "node:path";

export { DOCS_CSP } from "./csp";

/** The Swagger UI files the page uses, by the name it asks for them under /api/docs/. */
const VENDOR: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/**
 * Our start-up script: Swagger UI on the document, with requests sent with the session cookie. The base
 * layout has no top bar, whose logo is an SVG with an inline <style> the CSP would refuse.
 */
const INIT_JS = `"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    withCredentials: true,
    tryItOutEnabled: false
  });
});
`;

const PAGE_CSS = `html { box-sizing: border-box; overflow-y: scroll; }
*, *::before, *::after { box-sizing: inherit; }
body { margin: 0; background: #fafafa; }
#swagger-ui { max-width: 1460px; margin: 0 auto; }
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MiniMost API reference</title>
<link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/page.css">
</head>
<body>
<noscript><p>The interactive reference needs JavaScript; the document itself is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></noscript>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
`;

export interface DocsAsset {
  body: Uint8Array | string;
  contentType: string;
  /** Our own files change with the app; vendor files only with the package version in their ETag. */
  etag: string;
}

const OWN: Readonly<Record<string, { body: string; contentType: string }>> = {
  "init.js": { body: INIT_JS, contentType: "text/javascript; charset=utf-8" },
  "page.css": { body: PAGE_CSS, contentType: "text/css; charset=utf-8" },
};

/** Where swagger-ui-dist is installed (the app runs from the project folder). */
const vendorDir = () => path.join(process.cwd(), "node_modules", "swagger-ui-dist");

let vendorVersion: Promise<string> | undefined;
function swaggerVersion(): Promise<string> {
  vendorVersion ??= fs
    .readFile(path.join(vendorDir(), "package.json"), "utf8")
    .then((text) => String((JSON.parse(text) as { version?: unknown }).version ?? "0"))
    .catch(() => "0");
  return vendorVersion;
}

const hash = (text: string) => {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
};

/** A file of the page by its name, or null for any other name (only the listed files are served). */
export async function docsAsset(name: string): Promise<DocsAsset | null> {
  const own = OWN[name];
  if (own) return { ...own, etag: `"${name}-${hash(own.body)}"` };
  const contentType = VENDOR[name];
  if (!contentType) return null;
  const body = await fs.readFile(path.join(vendorDir(), name));
  return { body: new Uint8Array(body), contentType, etag: `"swagger-ui-${await swaggerVersion()}-${name}"` };
}
