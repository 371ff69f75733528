/**
 * The route wrapper every API handler goes through: it resolves the session, awaits and validates the
 * params, refuses cross-site state changes, turns failures (through ./errors) into responses,
 * and adds the security headers. Handlers return a Response, a string (the reference's plain bodies)
 * or a JSON value.
 */
import "server-only";
import type { z } from "zod";
import { trustProxy } from "@/lib/auth/address";
import { userFromRequest } from "@/lib/auth/session";
import { StoreUnavailableError } from "@/lib/messages";
import { forbidden, notFound, unauthorized } from "@/lib/errors";
import { errorAnswer } from "./errors";
import { API_CSP, COMMON_SECURITY_HEADERS } from "./security-headers";

export type Reply = Response | string | number | boolean | null | object;

type RawParams = Record<string, string | string[] | undefined>;
interface NextContext {
  params: Promise<RawParams>;
}

export interface Ctx<P, U> {
  req: Request;
  user: U;
  params: P;
}

interface Options<P> {
  /** Validates the path params; a mismatch answers 404, as an unmatched route would. */
  params?: z.ZodType<P>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Port decision 9: a state-changing request is refused when the browser says it comes from another
 * site. Requests with neither header (curl, scripts, coincoin clients) pass.
 */
export function isCrossSite(req: Request): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  if (req.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = req.headers.get("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" and garbage origins
  }
  // X-Forwarded-Host is anyone's to send, unless a proxy of ours sets it (TRUST_PROXY).
  const forwarded = trustProxy() ? req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || req.headers.get("host") || new URL(req.url).host;
  return originHost.toLowerCase() !== host.toLowerCase();
}

export function withSecurityHeaders(response: Response): Response {
  const headers = response.headers;
  // A refused body may not have been read to its end; the connection is not reused after it.
  if (response.status === 413 && !headers.has("Connection")) headers.set("Connection", "close");
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", API_CSP);
  return response;
}

export function text(body: string, status = 200, headers?: Record<string, string>): Response {
  return new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", ...headers } });
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export const noContent = () => new Response(null, { status: 204 });

export function toResponse(reply: Reply): Response {
  if (reply instanceof Response) return reply;
  if (typeof reply === "string") return text(reply);
  return json(reply);
}

export function errorResponse(err: unknown): Response {
  const answer = errorAnswer(err);
  if (answer) {
    const { body, status, headers } = answer;
    return typeof body === "string" ? text(body, status, headers) : json(body, status, headers);
  }
  if (err instanceof StoreUnavailableError) {
    console.error(`[store] ${err.message}`, err);
    return json({ error: "message store unavailable" }, 500);
  }
  console.error("[api] unexpected error", err);
  return json({ error: "internal error" }, 500);
}

async function resolveParams<P>(context: NextContext | undefined, schema: z.ZodType<P> | undefined): Promise<P> {
  const raw = (await context?.params) ?? {};
  if (!schema) return raw as P;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

function wrap<P, U>(
  resolveUser: (req: Request) => Promise<U>,
  handler: (ctx: Ctx<P, U>) => Reply | Promise<Reply>,
  options: Options<P>,
) {
  return async (req: Request, context?: NextContext): Promise<Response> => {
    let response: Response;
    try {
      if (isCrossSite(req)) throw forbidden("cross-site request refused", "json");
      const user = await resolveUser(req);
      const params = await resolveParams(context, options.params);
      response = toResponse(await handler({ req, user, params }));
    } catch (err) {
      response = errorResponse(err);
    }
    return withSecurityHeaders(response);
  };
}

/**
 * For a handler that is not ours to shape (next-auth's): whatever it throws becomes a response,
 * every answer gets the security headers, and an answer of 500 or more is logged.
 */
export function withHeaders<R extends Request, C>(handler: (req: R, context: C) => Response | Promise<Response>) {
  return async (req: R, context: C): Promise<Response> => {
    let response: Response;
    try {
      response = await handler(req, context);
      if (response.status >= 500) console.error(`[api] ${req.method} ${new URL(req.url).pathname} answered ${response.status}`);
    } catch (err) {
      response = errorResponse(err);
    }
    return withSecurityHeaders(response);
  };
}

/** A handler for signed-in users; anyone else gets 401 `{"error":"unauthorized"}`. */
export function withUser<P = RawParams>(handler: (ctx: Ctx<P, string>) => Reply | Promise<Reply>, options: Options<P> = {}) {
  return wrap<P, string>(
    async (req) => {
      const user = await userFromRequest(req);
      if (!user) throw unauthorized();
      return user;
    },
    handler,
    options,
  );
}

/** A handler that also serves anonymous callers (the reference's presence endpoints tolerate them). */
export function withOptionalUser<P = RawParams>(
  handler: (ctx: Ctx<P, string | null>) => Reply | Promise<Reply>,
  options: Options<P> = {},
) {
  return wrap<P, string | null>(userFromRequest, handler, options);
}
