// The fast path's mechanism on a real Node server (the production two-door comparison is
// e2e/fast-path.test.mjs): one install carries the tribune and the hot routes, the hot routes answer with the
// route files' own handlers and the headers the build's rules give their path, and every request the door is
// not sure of reaches the server's own handler (Next.js's, in production; here one that answers 418).
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { HOT_ROUTES } from "@/app/_fast-path";
import { GET as channelUnreadsRoute } from "@/app/(chat)/channel_unreads/route";
import { fastPath } from "@/lib/http/fast-path";
import { loadNextHeaders, type NextHeaders } from "@/lib/http/next-headers";
import { serveBeforeNext } from "@/lib/http/node";
import { withOptionalUser } from "@/lib/http/route";
import { isTribuneRequest, serveTribune } from "@/lib/http/tribune";
import { sendOk } from "./helpers/chat";
import { call, newUser } from "./helpers/http";

const VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const API_CSP = "default-src 'none'";

/** A build's header rules as next build writes them (the shapes of routes-manifest.json). */
const MANIFEST = {
  basePath: "",
  caseSensitive: false,
  rsc: { varyHeader: VARY },
  headers: [
    {
      source: "/:path*",
      regex: "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "Content-Security-Policy", value: "default-src 'self'; img-src data:" },
        { key: "X-Frame-Options", value: "DENY" },
      ],
    },
    { source: "/channel_unreads", regex: "^/channel_unreads(?:/)?$", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    { source: "/messages/:channel", regex: "^/messages(?:/([^/]+?))(?:/)?$", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    // Rules Next.js computes per request: their paths are left to it.
    { source: "/dms", regex: "^/dms(?:/)?$", has: [{ type: "header", key: "x-who" }], headers: [{ key: "X-Who", value: "yes" }] },
    { source: "/typing/:channel", regex: "^/typing(?:/([^/]+?))(?:/)?$", headers: [{ key: "X-Typing", value: "in :channel" }] },
  ],
};

let nextHeaders: NextHeaders;
let server: http.Server;
let port = 0;
let uninstall = () => {};
let alice: string;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-fast-path-"));
  fs.writeFileSync(path.join(dir, "routes-manifest.json"), JSON.stringify(MANIFEST));
  nextHeaders = loadNextHeaders(dir)!;
  fs.rmSync(dir, { recursive: true, force: true });
  alice = await newUser("alice");
  await sendOk(alice, "general", "hello from alice");
  uninstall = serveBeforeNext([
    { matches: isTribuneRequest, serve: serveTribune },
    fastPath(HOT_ROUTES, { nextHeaders, doorSwitch: true }),
  ]);
  server = http.createServer((_req, res) => res.writeHead(418, { "Content-Type": "text/plain" }).end("next.js"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  uninstall();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Exchange {
  status: number;
  rawHeaders: string[];
  header: (name: string) => string | undefined;
  body: string;
}

function exchange(method: string, requestPath: string, headers: Record<string, string> = {}): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: requestPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          rawHeaders: res.rawHeaders,
          header: (name) => res.headers[name.toLowerCase()] as string | undefined,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** The header names and values as sent, in order, minus the ones Node adds for the connection. */
const sent = (res: Exchange) => {
  const out: string[] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    if (!["Date", "Connection", "Keep-Alive", "Transfer-Encoding"].includes(res.rawHeaders[i]!)) out.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  }
  return out;
};

describe("the hot routes", () => {
  it("answer with the route file's handler, the rules' headers in Next's order and Next's Vary", async () => {
    const res = await exchange("GET", "/channel_unreads", { Cookie: alice });
    const direct = await call(channelUnreadsRoute, "/channel_unreads", { cookie: alice });
    expect(res.status).toBe(200);
    expect(res.body).toBe(await direct.text());
    expect(sent(res)).toEqual([
      "x-minimost-door: fast",
      "X-Content-Type-Options: nosniff",
      `Content-Security-Policy: ${API_CSP}`, // the later rule's value, in the place the first one took
      "X-Frame-Options: DENY",
      `vary: ${VARY}`,
      // The handler's own headers after them, those no rule set (as Next.js adds them).
      "content-type: application/json",
      "cross-origin-opener-policy: same-origin",
      "referrer-policy: same-origin",
    ]);
  });

  it("answer a poll, a refusal and an anonymous caller as the handler does", async () => {
    const rows = JSON.parse((await exchange("GET", "/messages/general?after=0", { Cookie: alice })).body) as { content: string; ts: number }[];
    expect(rows.map((r) => r.content)).toContain("hello from alice");
    const latest = Math.max(...rows.map((r) => r.ts));
    expect((await exchange("GET", `/messages/general?after=${latest}`, { Cookie: alice })).body).toBe("[]");
    const forbidden = await exchange("GET", "/messages/private:42?after=0", { Cookie: alice });
    expect([forbidden.status, forbidden.body, forbidden.header("x-minimost-door")]).toEqual([403, "forbidden", "fast"]);
    const anonymous = await exchange("GET", "/channel_unreads");
    expect([anonymous.status, anonymous.body]).toEqual([401, '{"error":"unauthorized"}']);
    const decoded = await exchange("GET", "/messages/g%65neral?after=0", { Cookie: alice });
    expect(JSON.parse(decoded.body)).toEqual(rows);
  });

  it("hand the handler the request's headers as Next.js does: a repeated Authorization counts once, as Node reads it", async () => {
    const token = alice.slice(alice.indexOf("=") + 1);
    // Node's client would not send it twice: written raw.
    const answer = await new Promise<string>((resolve, reject) => {
      // Written, not half-closed (end): Node's server aborts a half-closed request whose answer is not
      // ready in the same tick. `Connection: close` ends the exchange after the answer.
      const socket = net.connect(port, "127.0.0.1", () =>
        socket.write(`GET /unread_count HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAuthorization: Bearer other\r\nConnection: close\r\n\r\n`),
      );
      const chunks: Buffer[] = [];
      socket.on("data", (c: Buffer) => chunks.push(c));
      socket.on("error", reject);
      socket.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toContain("x-minimost-door: fast");
    expect(answer).toMatch(/\r\n\r\n[0-9a-f]+\r\n\{"count":0\}\r\n0\r\n\r\n$/);
  });

  it("answer HEAD with the GET's status and headers and no body", async () => {
    const get = await exchange("GET", "/channel_unreads", { Cookie: alice });
    const head = await exchange("HEAD", "/channel_unreads", { Cookie: alice });
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect(sent(head)).toEqual(sent(get));
  });

  it("stream /events until the client goes", async () => {
    const first = await new Promise<{ type?: string; chunk: string }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: "/events", headers: { Cookie: alice } }, (res) => {
        res.once("data", (chunk: Buffer) => {
          resolve({ type: res.headers["content-type"], chunk: chunk.toString("utf8") });
          req.destroy();
        });
      });
      req.on("error", (err: NodeJS.ErrnoException) => (err.code === "ECONNRESET" ? undefined : reject(err)));
      req.end();
    });
    expect(first).toEqual({ type: "text/event-stream; charset=utf-8", chunk: "retry: 2000\n: connected\n\n" });
  });
});

describe("the handler's request on the fast path", () => {
  // A route of this test's own, answered by a door of its own on a server of its own.
  const probe = withOptionalUser((ctx) => {
    const req = ctx.req;
    const urlOnly = { url: req.url, method: req.method };
    return {
      ...urlOnly,
      same: ctx.req === req,
      isRequest: req instanceof Request,
      probe: req.headers.get("x-probe"),
      proto: req.headers.get("x-forwarded-proto"),
      cloneUrl: req.clone().url,
      aborted: req.signal.aborted,
      query: new URL(req.url).searchParams.get("q"),
    };
  });
  let probeServer: http.Server;
  let probePort = 0;

  beforeAll(async () => {
    const door = fastPath([{ path: "/probe", module: { GET: probe } }], { nextHeaders });
    probeServer = http.createServer((req, res) => (door.matches(req) ? void door.serve(req, res) : res.writeHead(418).end()));
    await new Promise<void>((resolve) => probeServer.listen(0, "127.0.0.1", resolve));
    probePort = (probeServer.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => probeServer.close(() => resolve()));
  });

  const ask = (headers: Record<string, string>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: probePort, path: "/probe?q=a%20b", headers }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString("utf8")));
        res.on("end", () => resolve(JSON.parse(body) as Record<string, unknown>));
      });
      req.on("error", reject);
      req.end();
    });

  it("is a Request with the URL, method and headers the Web Request would have, whatever the handler reads", async () => {
    expect(await ask({ "X-Probe": "yes" })).toEqual({
      url: `http://127.0.0.1:${probePort}/probe?q=a%20b`,
      method: "GET",
      same: true,
      isRequest: true,
      probe: "yes",
      proto: "http",
      cloneUrl: `http://127.0.0.1:${probePort}/probe?q=a%20b`,
      aborted: false,
      query: "a b",
    });
  });

  it("takes its URL from the Request itself when the Host is one a Request refuses", async () => {
    const seen = await ask({ Host: "someone@example.com" });
    expect([seen.url, seen.cloneUrl]).toEqual(["http://localhost/probe?q=a%20b", "http://localhost/probe?q=a%20b"]);
  });
});

describe("what the fast path leaves to the server's own handler", () => {
  it.each([
    ["POST", "/typing/general", {}],
    ["OPTIONS", "/channel_unreads", {}],
    ["GET", "/channel_unreads/", {}],
    ["GET", "/CHANNEL_UNREADS", {}],
    ["GET", "/messages", {}],
    ["GET", "/messages/general/more", {}],
    ["GET", "/messages//general", {}],
    ["GET", "/messages/%E0%A4%A", {}],
    ["GET", "/messages/a%2Fb", {}],
    ["GET", "/messages/..", {}],
    ["GET", "/channels", {}],
    ["GET", "/channel_unreads", { RSC: "1" }],
    ["GET", "/channel_unreads", { "Next-Router-Prefetch": "1" }],
    ["GET", "/channel_unreads", { "X-Middleware-Subrequest": "x" }],
    ["GET", "/channel_unreads", { "X-MiniMost-Door": "next" }],
    ["GET", "/dms", {}], // a rule with `has`
    ["GET", "/typing/general", {}], // a rule with :channel in a header
  ])("%s %s %j", async (method, requestPath, headers) => {
    const res = await exchange(method, requestPath, { Cookie: alice, ...headers });
    expect([res.status, res.body]).toEqual([418, method === "HEAD" ? "" : "next.js"]);
  });

  it("while the tribune keeps its own door on the same install", async () => {
    const res = await exchange("GET", "/tribune/remote/xml/", { "User-Agent": "olcc/2.0" });
    expect([res.status, res.body]).toEqual([403, "The tribune is locked"]); // the default settings
    expect(res.rawHeaders).toContain("Content-Type"); // written by the tribune, casing kept
  });
});

describe("the build's header rules", () => {
  it("are only read from a production build", () => {
    expect(loadNextHeaders(path.join(os.tmpdir(), "no-such-build-here"))).toBeNull();
  });

  it("give a path every matching rule, a later value replacing an earlier one in its place", () => {
    expect(nextHeaders.forPath("/messages/general")).toEqual([
      ["X-Content-Type-Options", "nosniff"],
      ["Content-Security-Policy", API_CSP],
      ["X-Frame-Options", "DENY"],
    ]);
    expect(nextHeaders.forPath("/login")).toEqual([
      ["X-Content-Type-Options", "nosniff"],
      ["Content-Security-Policy", "default-src 'self'; img-src data:"],
      ["X-Frame-Options", "DENY"],
    ]);
    expect(nextHeaders.forPath("/dms")).toBeNull();
    expect(nextHeaders.forPath("/typing/general")).toBeNull();
  });
});
