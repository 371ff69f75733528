import { DOCS_CSP, docsAsset } from "@/lib/api/docs";
import { withHeaders } from "@/lib/http/route";

type Context = { params: Promise<{ asset: string }> };

/** `GET /api/docs/<file>`: the reference page's scripts and styles (Swagger UI's from node_modules, and ours). */
export const GET = withHeaders(async (req: Request, context: Context) => {
  const { asset } = await context.params;
  const found = typeof asset === "string" ? await docsAsset(asset) : null;
  if (!found) return new Response("not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers = {
    "Content-Type": found.contentType,
    "Content-Security-Policy": DOCS_CSP,
    // Revalidated cheaply: the ETag names the Swagger UI version (or hashes our own file).
    "Cache-Control": "public, max-age=3600, must-revalidate",
    ETag: found.etag,
  };
  if (req.headers.get("if-none-match") === found.etag) return new Response(null, { status: 304, headers });
  return new Response(found.body as BodyInit, { headers });
});
