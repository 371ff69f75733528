import { json, withHeaders } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** `GET /healthz`: liveness. 200 while the process answers requests; it checks nothing else. */
export const GET = withHeaders(async () => json({ status: "ok" }, 200, { "Cache-Control": "no-store" }));
