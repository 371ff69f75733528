import { DOCS_CSP, DOCS_PAGE } from "@/lib/api/docs";
import { withHeaders } from "@/lib/http/route";

/** `GET /api/docs`: the interactive API reference (Swagger UI, served by this server). */
export const GET = withHeaders(
  async () =>
    new Response(DOCS_PAGE, {
      headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": DOCS_CSP, "Cache-Control": "no-cache" },
    }),
);
