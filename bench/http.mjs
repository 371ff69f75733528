// Small HTTP client helpers for the benchmarks: node:http with a keep-alive agent (no extra
// headers such as Origin that fetch would add), timings with hrtime, and percentile maths.
import http from "node:http";

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Closes the agent's idle keep-alive connections. After this process has blocked its own event loop
 * for longer than the server's keep-alive timeout (a synchronous fill of the server's database), a
 * pooled socket may already be closed by the server without this process having seen it yet; the next
 * request on it would fail with "socket hang up".
 */
export function dropIdleConnections() {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

/**
 * One request. Resolves { status, headers, body, ms } where ms runs from the call to the last byte.
 * Only 127.0.0.1 is ever targeted: the base comes from the server starter.
 */
export function request(base, method, path, { token, form, json, headers = {}, timeoutMs = 120_000 } = {}) {
  const url = new URL(path, base);
  if (url.hostname !== "127.0.0.1") throw new Error(`refusing a request to ${url.hostname}`);
  let body = null;
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (form) {
    body = Buffer.from(new URLSearchParams(form).toString());
    h["Content-Type"] = "application/x-www-form-urlencoded";
  } else if (json) {
    body = Buffer.from(JSON.stringify(json));
    h["Content-Type"] = "application/json";
  }
  if (body) h["Content-Length"] = String(body.length);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: url.pathname + url.search, headers: h, agent, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

export async function signup(base, username, password = "Passw0rd!") {
  const res = await request(base, "POST", "/api/signup", { json: { username, password, confirm_password: password } });
  if (res.status !== 200) throw new Error(`signup ${username}: ${res.status} ${res.body.slice(0, 200)}`);
  const { token } = JSON.parse(res.body);
  if (!token) throw new Error(`signup ${username}: no token in ${res.body.slice(0, 200)}`);
  return { username, token };
}

/** Runs fn over items with at most `concurrency` in flight; resolves to the results in order. */
export async function mapLimit(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/** Nearest-rank percentile of an array of numbers (not modified). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function summarize(values) {
  if (values.length === 0) return { n: 0, p50: null, p95: null, p99: null, mean: null, max: null };
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    max: Math.max(...values),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
