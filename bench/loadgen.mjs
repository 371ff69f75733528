#!/usr/bin/env node
// A small keep-alive HTTP load generator, run as its own process so it never shares an event loop
// with the server or the benchmark driver. `connections` request loops, each on its own keep-alive
// socket, send GETs back to back for a warm-up and then for `durationMs`; it prints one JSON line:
// { requests, seconds, rps, errors, statuses, latency: {p50, p95, p99, mean, max} } (ms).
//
// Usage: node bench/loadgen.mjs '<json>' where json is
//   { "base": "http://127.0.0.1:PORT", "targets": [{ "path": "/x", "token": "…", "headers": {…} }, …],
//     "connections": 50, "durationMs": 10000, "warmupMs": 2000, "okStatus": 200 }
// Loop i uses targets[i % targets.length]; `token` and `headers` are optional. Answers with `okStatus`
// (200 unless given, e.g. 304 for conditional polls) count as successes, any other as errors.
// Only 127.0.0.1 is accepted; every loop stops at the deadline.
import http from "node:http";

const config = JSON.parse(process.argv[2] ?? "{}");
const { base, targets, connections = 50, durationMs = 10_000, warmupMs = 2_000, okStatus = 200 } = config;
const url = new URL(base);
if (url.hostname !== "127.0.0.1") throw new Error(`loadgen only targets 127.0.0.1, not ${url.hostname}`);
if (!Array.isArray(targets) || targets.length === 0) throw new Error("no targets");

const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

function once(target) {
  const headers = { ...target.headers, ...(target.token ? { Authorization: `Bearer ${target.token}` } : {}) };
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: target.path, method: "GET", headers, agent, timeout: 30_000 }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      res.on("error", () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end();
  });
}

async function phase(ms, record) {
  const deadline = Date.now() + ms;
  const latencies = [];
  const statuses = {};
  let requests = 0;
  const started = process.hrtime.bigint();
  const loop = async (i) => {
    const target = targets[i % targets.length];
    while (Date.now() < deadline) {
      const { status, ms: took } = await once(target);
      requests++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (record) latencies.push(took);
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { requests, seconds, statuses, latencies };
}

function pct(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

if (warmupMs > 0) await phase(warmupMs, false);
const { requests, seconds, statuses, latencies } = await phase(durationMs, true);
const sorted = Float64Array.from(latencies).sort();
const ok = statuses[okStatus] ?? 0;
agent.destroy();
process.stdout.write(
  JSON.stringify({
    requests,
    seconds,
    rps: requests / seconds,
    okRps: ok / seconds,
    errors: requests - ok,
    statuses,
    latency: {
      p50: pct(sorted, 50),
      p95: pct(sorted, 95),
      p99: pct(sorted, 99),
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
      max: sorted.length ? sorted[sorted.length - 1] : null,
    },
  }) + "\n",
);
