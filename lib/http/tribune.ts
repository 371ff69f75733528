// Every /tribune/… request, answered on Node's own request and response before Next.js routes it (installed
// at start-up by instrumentation.ts). Node's `res.setHeader` keeps header names as written, which strict
// coincoins need (`X-Post-Id:` compared byte for byte, spec §11.3), and a poll costs no framework work: a
// busy tribune has hundreds of clients asking every few seconds. The tribune itself is lib/tribune/service.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { isSecureRequest } from "@/lib/auth/session";
import { handleTribune, POST_BODY_LIMIT } from "@/lib/tribune/service";
import { nodeHeaders, readNodeBody, sendNodeAnswer, type NodeAnswer } from "./node";
import { admitTribune } from "./rate-limit";
import { isCrossSite } from "./route";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./security-headers";

const TEXT = "text/plain; charset=utf-8";
// The HTML board styles itself inline and posts its form to itself; nothing else may load or run.
const BOARD_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Whether a request is the tribune's: `/tribune` and everything under `/tribune/`. */
export function isTribuneRequest(req: IncomingMessage): boolean {
  const url = req.url ?? "";
  return url === "/tribune" || url.startsWith("/tribune/") || url.startsWith("/tribune?");
}

function withSecurityHeaders(answer: NodeAnswer): NodeAnswer {
  const html = answer.headers.some(([name, value]) => name === "Content-Type" && value.startsWith("text/html"));
  return {
    ...answer,
    headers: [...Object.entries(COMMON_SECURITY_HEADERS), ["Content-Security-Policy", html ? BOARD_CSP : API_CSP], ...answer.headers],
  };
}

/** Answers one tribune request; never throws (a failure is logged and answered 500). */
export async function serveTribune(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (answer: NodeAnswer) => sendNodeAnswer(res, withSecurityHeaders(answer), req.method === "HEAD");
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    let segments: string[];
    try {
      segments = url.pathname.replace(/^\/tribune/, "").split("/").slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return send({ status: 400, headers: [["Content-Type", TEXT]], body: "Malformed path" });
    }
    const headers = nodeHeaders(req);
    // Before the body is read: a refused post costs nothing more (the connection closes on its unread body).
    const wait = await admitTribune(req.method ?? "GET", req.url ?? "/", headers);
    if (wait > 0) {
      const refused: [string, string][] = [["Content-Type", TEXT], ["Retry-After", String(wait)]];
      if (req.method === "POST" || req.method === "PUT") refused.push(["Connection", "close"]);
      return send({ status: 429, headers: refused, body: "rate limited" });
    }
    const hasBody = req.method === "POST" || req.method === "PUT";
    let secure = false;
    if (hasBody) {
      // The app's rule for state changes (port decision 9): a browser saying another site sent it is refused.
      // Coincoins send neither Origin nor Sec-Fetch-Site, and pass.
      const encrypted = (req.socket as TLSSocket).encrypted === true;
      const web = new Request(`${encrypted ? "https" : "http"}://${headers.host ?? "localhost"}${url.pathname}`, {
        method: req.method,
        headers: Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === "string" && !/[^\t\x20-\x7e\x80-\xff]/.test(entry[1])),
      });
      if (isCrossSite(web)) return send({ status: 403, headers: [["Content-Type", TEXT]], body: "Cross-site posts are refused" });
      secure = isSecureRequest(web);
    }
    const read = hasBody ? await readNodeBody(req, POST_BODY_LIMIT) : { ok: true as const, body: null };
    if (!read.ok) return send({ status: 413, headers: [["Content-Type", TEXT]], body: "Request body too large" });
    send(await handleTribune({ method: req.method ?? "GET", segments, query: url.searchParams, headers, body: read.body, secure }));
  } catch (err) {
    console.error(`[tribune] ${req.method} ${req.url} failed`, err);
    if (!res.headersSent) send({ status: 500, headers: [["Content-Type", TEXT]], body: "Internal error" });
    else res.destroy();
  }
}
