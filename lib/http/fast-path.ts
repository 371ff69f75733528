// The fast path: the hot reads (polls, unread counts, the event stream) answered on Node's own request and
// response before Next.js routes them, by the very handler the route file exports (one implementation, two
// doors). Next.js costs about fifteen times the handler's own work on an empty poll (routing, its base
// server, the route-module runtime). A handler wrapped by ./route (withUser, withOptionalUser) is called
// through its plain door: the wrapper reads Node's headers, the Web Request is built only if the handler
// itself reads more than `req.url`, and a string or JSON answer comes back as a string written in one go
// instead of a Response whose body is a stream; any other handler gets a Web Request built from the Node
// one and its Response is written back. What a client sees is what Next.js would send: the same status,
// body and headers (the next.config `headers()` rules and Next's `Vary`, read from the build itself:
// ./next-headers). The route files stay the API's map and serve everything wherever this door is not
// installed, and every request this door is not sure about (another method, an odd path, Next's own
// headers) goes on to Next.js untouched.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { BeforeNextDoor } from "./node";
import { loadNextHeaders, type HeaderList, type NextHeaders } from "./next-headers";
import { plainDoorOf, webResponse, type PlainAnswer, type RequestHead } from "./route";

/** A route file's handler, as Next.js calls it. */
export type RouteHandler = (req: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The exports of a route file that the fast path may call. */
export interface RouteModule {
  GET?: RouteHandler;
  HEAD?: RouteHandler;
}

/** A hot route: its path in next.config `source` syntax (`/messages/:channel`) and its route file's module. */
export interface HotRoute {
  path: string;
  module: RouteModule;
  /**
   * The answer stays open (an event stream): its request's signal aborts when the client goes, as Next's
   * does. Other handlers answer at once and get a signal that never aborts, which saves an AbortController
   * and its listener on every poll.
   */
  streams?: boolean;
  /**
   * Whether the matched params are this route's: a path whose params Next.js routes elsewhere (a static
   * folder beside the dynamic one) must be left to Next.js, or the two doors would answer differently.
   */
  accepts?: (params: Readonly<Record<string, string>>) => boolean;
}

export interface FastPathOptions {
  /** What Next.js adds to a route handler's answer (from the build). */
  nextHeaders: NextHeaders;
  /**
   * The two-door test's switch, which compares both doors on one server: honour `X-MiniMost-Door: next`
   * (send that request through Next.js) and mark this door's answers `X-MiniMost-Door: fast`.
   */
  doorSwitch?: boolean;
}

/** The request header that sends a request through Next.js instead (when the option allows it). */
export const DOOR_HEADER = "x-minimost-door";

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  segments: Segment[];
  module: RouteModule;
  streams: boolean;
  accepts?: HotRoute["accepts"];
}

interface Match {
  route: CompiledRoute;
  pathname: string;
  params: Record<string, string>;
  handler: RouteHandler;
  configHeaders: HeaderList;
}

/** Request headers Next.js acts on or strips before a handler runs: such requests are Next's to answer. */
function nextsOwnHeader(name: string): boolean {
  return name === "rsc" || name.startsWith("next-") || name.startsWith("x-middleware-") || name.startsWith("x-nextjs-") || name.startsWith("x-invoke-");
}

// Next.js sends these from the Response only through its own framing; like it, this door never copies them.
const FRAMING_HEADERS = new Set(["content-length", "content-encoding", "transfer-encoding", "x-middleware-set-cookie"]);
// Next.js appends these even when already set; any other name it sets only when not already present.
const REPEATABLE_HEADERS = new Set(["www-authenticate", "proxy-authenticate", "vary"]);

function compile(route: HotRoute): CompiledRoute {
  const segments = route.path
    .split("/")
    .slice(1)
    .map((part): Segment => (part.startsWith(":") ? { param: part.slice(1) } : { literal: part }));
  return { segments, module: route.module, streams: route.streams === true, accepts: route.accepts };
}

/** Path segments and their decoded params, or null when the path is not this route's or is doubtful. */
function matchPath(route: CompiledRoute, parts: string[]): Record<string, string> | null {
  if (parts.length !== route.segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i]!;
    const part = parts[i]!;
    if ("literal" in segment) {
      if (part !== segment.literal) return null;
      continue;
    }
    let value: string;
    try {
      value = decodeURIComponent(part);
    } catch {
      return null; // malformed %-encoding: Next.js answers it
    }
    if (value === "" || value === "." || value === ".." || value.includes("/") || value.includes("\\")) return null;
    params[segment.param] = value;
  }
  return params;
}

/** The Web Request a route handler gets, built from Node's: method, absolute URL, headers, and a signal for when the client goes. */
function webRequest(req: IncomingMessage, signal: AbortSignal | undefined): Request {
  // From Node's parsed headers, as Next.js builds its own: a repeated header is what Node makes of it (a
  // second Authorization or Host is dropped, not joined to the first).
  const headers = new Headers();
  const parsed = req.headers;
  for (const name in parsed) {
    const value = parsed[name];
    if (typeof value === "string") headers.append(name, value);
    else if (value) for (const one of value) headers.append(name, one);
  }
  // As Next.js does before a handler runs: the forwarded-* headers a proxy did not set.
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  const scheme = secure ? "https" : "http";
  const host = parsed.host ?? "localhost";
  if (!headers.has("x-forwarded-host")) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-port") && req.socket.localPort) headers.set("x-forwarded-port", String(req.socket.localPort));
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", scheme);
  const path = req.url ?? "/";
  try {
    return new Request(`${scheme}://${host}${path}`, { method: req.method, headers, signal });
  } catch {
    return new Request(`${scheme}://localhost${path}`, { method: req.method, headers, signal }); // a Host no URL accepts
  }
}

/**
 * What the route wrapper reads of the request, from Node's own: each header as the Web Request built by
 * `webRequest` would answer it (Node's value, a list joined as Headers joins it, the forwarded-* defaults),
 * and the handler's `req`, which builds that Web Request only when something needs more than its URL and
 * method (`lazyRequest`).
 */
function nodeHead(req: IncomingMessage, signal: AbortSignal | undefined): RequestHead {
  let request: Request | undefined;
  let standIn: Request | undefined;
  const build = () => (request ??= webRequest(req, signal));
  return {
    method: req.method ?? "GET",
    target: req.url ?? "/",
    header(name) {
      const value = req.headers[name];
      if (typeof value === "string") return value;
      if (value) return value.length > 0 ? value.join(", ") : null;
      if (name === "x-forwarded-host") return req.headers.host ?? "localhost";
      if (name === "x-forwarded-port") return req.socket.localPort ? String(req.socket.localPort) : null;
      if (name === "x-forwarded-proto") return (req.socket as Partial<TLSSocket>).encrypted === true ? "https" : "http";
      return null;
    },
    get request() {
      return (standIn ??= lazyRequest(req, build));
    },
  };
}

/**
 * The URL `webRequest` gives its Request, when it can be told without building one: the URL parser's
 * serialization of the same string, unless that string is one a Request refuses (credentials in it) or
 * no URL at all (then the Request is built and asked).
 */
function plainUrl(req: IncomingMessage): string | null {
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? "https" : "http";
  let url: URL;
  try {
    url = new URL(`${scheme}://${req.headers.host ?? "localhost"}${req.url ?? "/"}`);
  } catch {
    return null;
  }
  return url.username || url.password ? null : url.href;
}

/**
 * The handler's `req` on this door: a stand-in that answers `url` and `method` (all the polls' handlers
 * read) as the Web Request would, and builds that Request (`build`) the first time anything else is read,
 * answering from it from then on (its methods called on it). A Request costs more than the rest of an
 * empty poll's JavaScript; this keeps the poll from paying for one it does not use.
 */
function lazyRequest(req: IncomingMessage, build: () => Request): Request {
  const method = req.method ?? "GET";
  let url: string | null | undefined;
  const real = build;
  const shell = Object.create(Request.prototype) as Request;
  return new Proxy(shell, {
    get(_shell, prop) {
      if (prop === "method") return method;
      if (prop === "url") {
        if (url === undefined) url = plainUrl(req);
        if (url !== null) return url;
      }
      const request = real();
      const value: unknown = Reflect.get(request, prop, request);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(request) : value;
    },
    has: (_shell, prop) => Reflect.has(real(), prop),
    set: (_shell, prop, value) => Reflect.set(real(), prop, value),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_shell, prop) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), prop);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** Status and headers as Next.js's sendResponse sets them: the handler's headers after Next's own. */
function writeHead(res: ServerResponse, status: number, statusText: string, headers: Headers, match: Match, vary: string, mark: boolean): void {
  res.statusCode = status;
  if (mark) res.setHeader(DOOR_HEADER, "fast");
  if (statusText) res.statusMessage = statusText;
  for (const [name, value] of match.configHeaders) res.setHeader(name, value);
  res.appendHeader("vary", vary);
  headers.forEach((value, name) => {
    if (FRAMING_HEADERS.has(name)) return;
    // (Set-Cookie comes here once per cookie.)
    if (name === "set-cookie" || REPEATABLE_HEADERS.has(name) || res.getHeader(name) === undefined) res.appendHeader(name, value);
  });
}

/**
 * Writes a plain answer as Next.js writes the Response it would have become: Next sends a route's body as
 * chunks and then ends it (chunked framing, no Content-Length), which is what one write and an end give
 * here, in one packet (Node holds a first write's bytes until the end of the tick). An empty body goes the
 * Response's way, whose framing (no chunk at all) is Next's.
 */
async function writePlain(req: IncomingMessage, res: ServerResponse, answer: PlainAnswer, match: Match, vary: string, mark: boolean): Promise<void> {
  if (answer.body === "") return writeResponse(req, res, webResponse(answer), match, vary, mark);
  writeHead(res, answer.status, "", answer.headers, match, vary, mark);
  if (req.method !== "HEAD") res.write(answer.body);
  res.end();
}

/** Writes the Response as Next.js's sendResponse does: its status, its headers after Next's own, its body streamed. */
async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response, match: Match, vary: string, mark: boolean): Promise<void> {
  writeHead(res, response.status, response.statusText, response.headers, match, vary, mark);
  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel();
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const clientGone = () => void reader.cancel().catch(() => {});
  res.once("close", clientGone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      // One packet when the body ends with this chunk (the end follows in this same tick); a stream's chunk
      // still leaves at once. A slow reader holds the writer back.
      res.cork();
      const flushed = res.write(value);
      process.nextTick(() => res.uncork());
      if (!flushed) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
    }
    res.end();
  } finally {
    res.off("close", clientGone);
  }
}

/** The door for the hot routes: which requests it takes, and how it answers them. */
export function fastPath(routes: readonly HotRoute[], options: FastPathOptions): BeforeNextDoor {
  const compiled = routes.map(compile);
  const { nextHeaders } = options;
  const matched = new WeakMap<IncomingMessage, Match>();

  function find(req: IncomingMessage): Match | null {
    const method = req.method;
    if (method !== "GET" && method !== "HEAD") return null;
    const url = req.url;
    if (!url || url.charCodeAt(0) !== 47 /* "/" */) return null;
    const query = url.indexOf("?");
    const pathname = query < 0 ? url : url.slice(0, query);
    if (pathname.includes("//")) return null;
    const parts = pathname.split("/").slice(1);
    let route: CompiledRoute | undefined;
    let params: Record<string, string> | null = null;
    for (const candidate of compiled) {
      params = matchPath(candidate, parts);
      if (params && candidate.accepts && !candidate.accepts(params)) params = null;
      if (params) {
        route = candidate;
        break;
      }
    }
    if (!route || !params) return null;
    // Next.js implements HEAD with GET when a route file has no HEAD of its own.
    const handler = method === "HEAD" ? (route.module.HEAD ?? route.module.GET) : route.module.GET;
    if (!handler) return null;
    for (const name in req.headers) if (nextsOwnHeader(name)) return null;
    if (options.doorSwitch && req.headers[DOOR_HEADER] === "next") return null;
    const configHeaders = nextHeaders.forPath(pathname);
    if (!configHeaders) return null;
    return { route, pathname, params, handler, configHeaders };
  }

  return {
    matches(req) {
      const match = find(req);
      if (match) matched.set(req, match);
      return match !== null;
    },
    async serve(req, res) {
      const match = matched.get(req) ?? find(req);
      matched.delete(req);
      if (!match) throw new Error("fast path: serve() called for a request it does not take");
      let signal: AbortSignal | undefined;
      if (match.route.streams) {
        const abort = new AbortController();
        // "close" also follows every finished answer; only a client that left before the end aborts.
        res.once("close", () => {
          if (!res.writableFinished) abort.abort();
        });
        signal = abort.signal;
      }
      try {
        const mark = options.doorSwitch === true;
        const plainDoor = plainDoorOf(match.handler);
        if (plainDoor) {
          const answer = await plainDoor(nodeHead(req, signal), match.params);
          if (answer instanceof Response) await writeResponse(req, res, answer, match, nextHeaders.vary, mark);
          else await writePlain(req, res, answer, match, nextHeaders.vary, mark);
        } else {
          const response = await match.handler(webRequest(req, signal), { params: Promise.resolve(match.params) });
          await writeResponse(req, res, response, match, nextHeaders.vary, mark);
        }
      } catch (err) {
        // As Next.js answers a handler that throws: a bare 500 with its own headers.
        console.error(`[fast-path] ${req.method} ${match.pathname} failed`, err);
        if (res.headersSent) return void res.destroy();
        for (const name of res.getHeaderNames()) res.removeHeader(name);
        res.statusCode = 500;
        for (const [name, value] of match.configHeaders) res.setHeader(name, value);
        res.appendHeader("vary", nextHeaders.vary);
        res.end();
      }
    },
  };
}

/**
 * The fast path as this process is configured: off with `MINIMOST_FAST_PATH=0`, and off where there is no
 * production build to read Next's headers from (`next dev`). `MINIMOST_FAST_PATH_TEST=1` lets a request
 * ask for Next.js's door (the two-door test).
 */
export function configuredFastPath(routes: readonly HotRoute[]): BeforeNextDoor | null {
  if (process.env.MINIMOST_FAST_PATH === "0") return null;
  if (process.env.NODE_ENV !== "production") return null;
  const nextHeaders = loadNextHeaders();
  if (!nextHeaders) {
    console.warn("[fast-path] no routes-manifest.json in the build: every request goes through Next.js");
    return null;
  }
  return fastPath(routes, { nextHeaders, doorSwitch: process.env.MINIMOST_FAST_PATH_TEST === "1" });
}
