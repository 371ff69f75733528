import { openApiDocument } from "@/lib/api/openapi";
import { json, withHeaders } from "@/lib/http/route";

/** `GET /api/openapi.json`: the OpenAPI 3.1 document of every route (lib/api/openapi). */
export const GET = withHeaders(async () => json(openApiDocument(), 200, { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" }));
