import { readiness } from "@/lib/health";
import { json, withHeaders } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * `GET /readyz`: readiness. 200 `{"status":"ready","checks":{...}}` when the database, the data folder
 * and the upload folder answer; otherwise 503 with the same body naming what failed, so a load balancer
 * sends traffic elsewhere and an operator sees why.
 */
export const GET = withHeaders(async () => {
  const { ready, checks } = await readiness();
  return json({ status: ready ? "ready" : "not ready", checks }, ready ? 200 : 503, { "Cache-Control": "no-store" });
});
