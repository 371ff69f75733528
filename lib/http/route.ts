/**
 * The route wrapper every API handler goes through: it resolves the session, awaits and validates the
 * params, refuses cross-site state changes, turns failures (through ./errors) into responses,
 * and adds the security headers. Handlers return a Response, a string (the reference's plain bodies)
 * or a JSON value.
 *
 * One implementation, two doors: the function a route file exports is what Next.js calls (a Web Request
 * in, a Web Response out); the same wrapped handler also answers the fast path (./fast-path.ts) through
 * `plainDoor`, which reads the request from Node's own headers and answers a string body with its
 * headers (a `PlainAnswer`) instead of a Response whose body is a stream. Both doors run the same
 * checks, handler, error mapping and security headers; the Web Request a handler may read (`ctx.req`)
 * is built on first use there, so handlers that never look at it cost none.
 */
import "server-only";
import type { z } from "zod";
import { trustProxy } from "@/lib/auth/address";
import { principalOf, type Principal } from "@/lib/auth/principal";
import { StoreUnavailableError } from "@/lib/messages";
import { forbidden, notFound, unauthorized } from "@/lib/errors";
import { errorAnswer } from "./errors";
import { admit } from "./rate-limit";
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

/**
 * What the wrapper reads of a request, whichever door it came through: the Web Request Next.js built,
 * or Node's request on the fast path (where `request` builds the Web Request the first time it is read).
 */
export interface RequestHead {
  readonly method: string;
  /** The path and query as the request line gave them (`/messages/general?after=3`). */
  readonly target: string;
  /** A header's value as the Web Request's `headers.get(name)` answers it (`name` lower-case). */
  header(name: string): string | null;
  /** The Web Request itself. */
  readonly request: Request;
}

/** An answer with a string body and no stream: what the wrapper makes of a handler's string or JSON value. */
export interface PlainAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** The fast door of a wrapped handler: the same work as the route export, answered without a Response when it can be. */
export type PlainDoor = (head: RequestHead, params: Readonly<Record<string, string>>) => Promise<Response | PlainAnswer>;

/** Where a wrapped route export carries its fast door (see `plainDoorOf`). */
const PLAIN_DOOR = Symbol.for("minimost.route.plainDoor");

/** The fast door of a route export made by withUser / withOptionalUser, or undefined for any other handler. */
export function plainDoorOf(handler: unknown): PlainDoor | undefined {
  return typeof handler === "function" ? (handler as { [PLAIN_DOOR]?: PlainDoor })[PLAIN_DOOR] : undefined;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function targetOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

const webHead = (req: Request): RequestHead => ({
  method: req.method,
  get target() {
    return targetOf(req.url);
  },
  header: (name) => req.headers.get(name),
  request: req,
});

/**
 * Port decision 9: a state-changing request is refused when the browser says it comes from another
 * site. Requests with neither header (curl, scripts, coincoin clients) pass.
 */
export function isCrossSite(req: Request): boolean {
  return crossSite(webHead(req));
}

function crossSite(head: RequestHead): boolean {
  if (SAFE_METHODS.has(head.method)) return false;
  if (head.header("sec-fetch-site") === "cross-site") return true;
  const origin = head.header("origin");
  if (origin === null) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" and garbage origins
  }
  // X-Forwarded-Host is anyone's to send, unless a proxy of ours sets it (TRUST_PROXY).
  const forwarded = trustProxy() ? head.header("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || head.header("host") || new URL(head.request.url).host;
  return originHost.toLowerCase() !== host.toLowerCase();
}

/** The security headers every API answer carries, added to what the answer set itself. */
function secureHeaders(status: number, headers: Headers): void {
  // A refused body may not have been read to its end; the connection is not reused after it.
  if (status === 413 && !headers.has("Connection")) headers.set("Connection", "close");
  for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) if (!headers.has(name)) headers.set(name, value);
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", API_CSP);
}

export function withSecurityHeaders(response: Response): Response {
  secureHeaders(response.status, response.headers);
  return response;
}

const TEXT = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json";

function plain(body: string, status: number, type: string, headers?: Record<string, string>): PlainAnswer {
  return { status, headers: new Headers({ "Content-Type": type, ...headers }), body };
}

/** The Web Response of a plain answer: what `text` / `json` below would have made of it. */
export function webResponse(answer: Response | PlainAnswer): Response {
  return answer instanceof Response ? answer : new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export function text(body: string, status = 200, headers?: Record<string, string>): Response {
  return new Response(body, { status, headers: { "Content-Type": TEXT, ...headers } });
}

export function json(body: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": JSON_TYPE, ...headers } });
}

export const noContent = () => new Response(null, { status: 204 });

function toAnswer(reply: Reply): Response | PlainAnswer {
  if (reply instanceof Response) return reply;
  if (typeof reply === "string") return plain(reply, 200, TEXT);
  return plain(JSON.stringify(reply), 200, JSON_TYPE);
}

export function toResponse(reply: Reply): Response {
  return webResponse(toAnswer(reply));
}

function errorPlain(err: unknown): PlainAnswer {
  const answer = errorAnswer(err);
  if (answer) {
    const { body, status, headers } = answer;
    return typeof body === "string" ? plain(body, status, TEXT, headers) : plain(JSON.stringify(body), status, JSON_TYPE, headers);
  }
  if (err instanceof StoreUnavailableError) {
    console.error(`[store] ${err.message}`, err);
    return plain(JSON.stringify({ error: "message store unavailable" }), 500, JSON_TYPE);
  }
  console.error("[api] unexpected error", err);
  return plain(JSON.stringify({ error: "internal error" }), 500, JSON_TYPE);
}

export function errorResponse(err: unknown): Response {
  return webResponse(errorPlain(err));
}

/**
 * No name or id in a path holds a NUL (usernames, channels and stored names refuse control characters),
 * and PostgreSQL refuses NUL in text outright: such a path names nothing, on either engine.
 */
const holdsNul = (value: string | string[] | undefined) => (Array.isArray(value) ? value.some((v) => v.includes("\u0000")) : !!value?.includes("\u0000"));

function checkParams<P>(raw: RawParams, schema: z.ZodType<P> | undefined): P {
  if (Object.values(raw).some(holdsNul)) throw notFound();
  if (!schema) return raw as P;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

function wrap<P, U>(
  resolveUser: (principal: Principal | null) => U,
  handler: (ctx: Ctx<P, U>) => Reply | Promise<Reply>,
  options: Options<P>,
) {
  /** The one implementation behind both doors. */
  const answer = async (head: RequestHead, rawParams: RawParams | Promise<RawParams> | undefined): Promise<Response | PlainAnswer> => {
    let out: Response | PlainAnswer;
    try {
      if (crossSite(head)) throw forbidden("cross-site request refused", "json");
      const principal = await principalOf(head);
      admit(head, principal);
      const user = resolveUser(principal);
      const params = checkParams((await rawParams) ?? {}, options.params);
      out = toAnswer(
        await handler({
          get req() {
            return head.request;
          },
          user,
          params,
        }),
      );
    } catch (err) {
      out = errorPlain(err);
    }
    secureHeaders(out.status, out.headers);
    return out;
  };
  const viaNext = async (req: Request, context?: NextContext): Promise<Response> => webResponse(await answer(webHead(req), context?.params));
  const viaFastPath: PlainDoor = (head, params) => answer(head, params);
  // Not part of the export's type: Next.js sees the route handler it always saw.
  return Object.assign(viaNext, { [PLAIN_DOOR]: viaFastPath }) as typeof viaNext;
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
    (principal) => {
      if (!principal) throw unauthorized();
      return principal.username;
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
  return wrap<P, string | null>((principal) => principal?.username ?? null, handler, options);
}
