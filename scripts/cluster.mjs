#!/usr/bin/env node
// `npm run start:cluster`: several instances of the server on one machine behind a small built-in load
// balancer on PORT (default 3000). The instances share everything through PostgreSQL and Redis (and S3 or
// the one upload folder), so the balancer needs no stickiness: any instance serves any request, and the
// event streams (`GET /events`) are plain long responses it passes through.
//
//   MINIMOST_INSTANCES   how many (default: one per core)
//   PORT / HOST          where the balancer listens (3000 / all interfaces)
//
// The instances listen on 127.0.0.1 only, on free ports, and trust the balancer's X-Forwarded-For (it
// replaces whatever a client sent with the client's address, so sign-in failures still count per client).
// An instance that exits is started again; while it is down its requests go to the others.
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepare, serve, serverEnv } from "./start.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function fail(message) {
  console.error(`[cluster] ${message}`);
  process.exit(1);
}

const env = serverEnv();
if (!/^postgres(ql)?:\/\//i.test(env.DATABASE_URL ?? "")) {
  fail("several instances share their data through PostgreSQL: set DATABASE_URL=postgres://… (README, Scaling out)");
}
if (!/^rediss?:\/\//i.test(env.REDIS_URL ?? "")) {
  fail("several instances tell each other of changes through Redis: set REDIS_URL=redis://… (README, Scaling out)");
}
if (!env.AUTH_SECRET && !env.NEXTAUTH_SECRET) {
  fail("set AUTH_SECRET to a random value (for example `openssl rand -hex 32`), the same for every instance");
}
const count = Number(env.MINIMOST_INSTANCES ?? os.availableParallelism());
if (!Number.isInteger(count) || count < 1 || count > 64) fail("MINIMOST_INSTANCES must be a whole number from 1 to 64");
const port = Number(env.PORT ?? 3000);

await prepare(env);

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    });
    probe.on("error", reject);
  });
}

/** @type {{ port: number, child: import("node:child_process").ChildProcess | null, up: boolean }[]} */
const instances = [];
let stopping = false;

async function launch(instance) {
  instance.up = false;
  if (stopping) return;
  instance.child = serve({ ...env, TRUST_PROXY: "1" }, instance.port, "127.0.0.1");
  instance.child.on("exit", (code, signal) => {
    instance.up = false;
    if (stopping) return;
    console.error(`[cluster] instance on port ${instance.port} exited (${signal ?? code}); starting it again`);
    setTimeout(() => launch(instance), 1000);
  });
  // Ready when it answers its liveness probe.
  for (let i = 0; i < 600 && !stopping && instance.child.exitCode === null; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${instance.port}/healthz`);
      if (res.ok) {
        instance.up = true;
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (let i = 0; i < count; i++) instances.push({ port: await freePort(), child: null, up: false });
await Promise.all(instances.map(launch));

let next = 0;
function pick(exclude) {
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[(next + i) % instances.length];
    if (instance.up && instance !== exclude) {
      next = (next + i + 1) % instances.length;
      return instance;
    }
  }
  return null;
}

const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"];

function forward(req, res, instance, retried) {
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  // The client's address, as the instances count sign-in failures by it. A proxy in front of this one
  // (TRUST_PROXY set for the cluster) has put the client's own address last already.
  const peer = req.socket.remoteAddress ?? "";
  if (/^(1|true|yes)$/i.test(env.TRUST_PROXY ?? "") && headers["x-forwarded-for"]) headers["x-forwarded-for"] += `, ${peer}`;
  else {
    headers["x-forwarded-for"] = peer;
    delete headers["x-forwarded-proto"];
  }
  const upstream = http.request({ host: "127.0.0.1", port: instance.port, method: req.method, path: req.url, headers }, (answer) => {
    const out = { ...answer.headers };
    for (const name of HOP_BY_HOP) delete out[name];
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
    res.on("close", () => answer.destroy());
  });
  upstream.on("error", (err) => {
    // The instance refused the connection, or a kept-alive connection to it was cut (it died or is
    // restarting): it is out of the rotation until it answers its probe again. A request without a body
    // that got no answer yet can be sent again as it was, to another instance.
    const gone = err.code === "ECONNREFUSED" || err.code === "ECONNRESET" || err.code === "EPIPE";
    if (gone) instance.up = false;
    const bodyless = req.method === "GET" || req.method === "HEAD";
    if (!res.headersSent && gone && bodyless && !retried) {
      const other = pick(instance);
      if (other) return forward(req, res, other, true);
    }
    if (!res.headersSent) {
      res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("no instance could answer; try again\n");
    } else res.destroy();
  });
  req.pipe(upstream);
}

const balancer = http.createServer((req, res) => {
  const instance = pick(null);
  if (!instance) {
    res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "2" });
    res.end("starting up; try again\n");
    return;
  }
  forward(req, res, instance, false);
});
// Event streams stay open for as long as the client keeps them.
balancer.requestTimeout = 0;
balancer.headersTimeout = 60_000;
balancer.keepAliveTimeout = 5_000;
balancer.listen(port, env.HOST, () => {
  console.log(`[cluster] ${instances.filter((i) => i.up).length}/${count} instances up; serving on ${env.HOST ?? "*"}:${port}`);
});

// A down instance comes back into the rotation once it answers again.
setInterval(async () => {
  for (const instance of instances) {
    if (instance.up || !instance.child || instance.child.exitCode !== null) continue;
    try {
      if ((await fetch(`http://127.0.0.1:${instance.port}/healthz`)).ok) instance.up = true;
    } catch {
      // still down
    }
  }
}, 2000).unref();

function stop(signal) {
  if (stopping) return;
  stopping = true;
  balancer.close();
  const alive = () => instances.map((i) => i.child).filter((child) => child && child.exitCode === null && child.signalCode === null);
  for (const child of alive()) child.kill(signal);
  // An instance still finishing its open requests after 10 s is ended: the cluster leaves nothing behind.
  setTimeout(() => {
    for (const child of alive()) child.kill("SIGKILL");
    setTimeout(() => process.exit(0), 500);
  }, 10_000).unref();
  Promise.all(alive().map((child) => new Promise((r) => child.once("exit", r)))).then(() => process.exit(0));
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
