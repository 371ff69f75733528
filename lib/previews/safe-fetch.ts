/**
 * The one way the server fetches a URL a user gave it (port decision 11). Only http and https on
 * their standard ports, no credentials in the URL; every address the host resolves to must be
 * public (an IPv6 address is judged on its 16 bytes, and every form embedding an IPv4 address by
 * that IPv4 address); the connection goes to the address that was checked (no second DNS answer
 * can swap it); every redirect is checked again, five at most; the whole exchange has a deadline
 * and the body a size cap.
 */
import "server-only";
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { ipv6Bytes } from "@/lib/ip";

/**
 * Why a fetch was refused: `target` when the URL itself or the address it resolves to may never be
 * fetched (a private address, a scheme, a port, credentials), which asking again will not change;
 * `transient` otherwise (no DNS answer, a deadline, too many redirects).
 */
export type RefusalKind = "target" | "transient";

export class FetchRefused extends Error {
  constructor(
    reason: string,
    readonly kind: RefusalKind = "transient",
  ) {
    super(reason);
    this.name = "FetchRefused";
  }
}

export interface SafeFetchOptions {
  maxBytes: number;
  timeoutMs?: number;
  maxRedirects?: number;
  accept?: string;
  /** GET unless told. A POST is never redirected: a 3xx comes back as the answer. */
  method?: "GET" | "POST";
  /** The request body (POST). */
  body?: Buffer;
  /** Headers added to the request (Content-Type, signatures…). */
  headers?: Record<string, string>;
}

export interface SafeResponse {
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  truncated: boolean;
}

export const USER_AGENT = "Mozilla/5.0 (compatible; MiniMost/1.0)";

const blocked = new net.BlockList();
for (const [net4, bits] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15],
  ["198.51.100.0", 24], ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net4, bits, "ipv4");
}
// IPv6 ranges that are not public. The forms that embed an IPv4 address (::/96, ::ffff:0:0/96,
// ::ffff:0:0:0/96, 64:ff9b::/96, 2002::/16) are decided by that address instead, below.
for (const [net6, bits] of [
  ["64:ff9b:1::", 48], ["100::", 64], ["2001:db8::", 32], ["2001::", 23], ["3fff::", 20], ["5f00::", 16], ["fc00::", 7], ["fe80::", 10],
  ["fec0::", 10], ["ff00::", 8],
] as const) {
  blocked.addSubnet(net6, bits, "ipv6");
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);
const dotted = (bytes: Uint8Array, at: number) => Array.from(bytes.subarray(at, at + 4)).join(".");

/**
 * The IPv4 address an IPv6 address stands for: IPv4-compatible (::/96, :: and ::1 included, which
 * map into 0.0.0.0/8), IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96), NAT64
 * (64:ff9b::/96) and 6to4 (2002::/16); null for any other address.
 */
function embeddedIPv4(bytes: Uint8Array): string | null {
  const zeros = (n: number) => Array<number>(n).fill(0);
  if (startsWith(bytes, zeros(12))) return dotted(bytes, 12);
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return dotted(bytes, 12);
  if (startsWith(bytes, [...zeros(8), 0xff, 0xff, 0, 0])) return dotted(bytes, 12);
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return dotted(bytes, 12);
  if (startsWith(bytes, [0x20, 0x02])) return dotted(bytes, 2);
  return null;
}

interface GuardPolicy {
  /** Tests only: one loopback port treated as a public server. */
  trustedLoopbackPort: number | null;
}

const policy: GuardPolicy = { trustedLoopbackPort: null };

/** Test hook: lets the suite run "public" servers on one 127.0.0.1 port; everything else stays blocked. */
export function configureFetchGuard(next: Partial<GuardPolicy>): void {
  Object.assign(policy, next);
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !blocked.check(address, "ipv4");
  if (family === 6) {
    // Decided on the address's 16 bytes, so no spelling (::127.0.0.1 is ::7f00:1) slips through.
    const bytes = ipv6Bytes(address);
    if (!bytes) return false;
    const v4 = embeddedIPv4(bytes);
    if (v4) return !blocked.check(v4, "ipv4");
    return !blocked.check(address, "ipv6");
  }
  return false;
}

function allowedAddress(address: string, port: number): boolean {
  if (policy.trustedLoopbackPort !== null && port === policy.trustedLoopbackPort && address === "127.0.0.1") return true;
  return isPublicAddress(address);
}

/** Parses and vets a URL: scheme, credentials, port. Returns it with its effective port. */
export function vetUrl(raw: string): { url: URL; port: number } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused("not a URL", "target");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new FetchRefused(`scheme ${url.protocol} not allowed`, "target");
  if (url.username || url.password) throw new FetchRefused("credentials in URL", "target");
  const standard = url.protocol === "https:" ? 443 : 80;
  const port = url.port ? Number(url.port) : standard;
  if (port !== standard && port !== policy.trustedLoopbackPort) throw new FetchRefused(`port ${port} not allowed`, "target");
  if (!url.hostname) throw new FetchRefused("no host", "target");
  return { url, port };
}

/** Resolves the host and returns one address, after checking that every address it has is allowed. */
async function checkedAddress(hostname: string, port: number): Promise<{ address: string; family: number }> {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const literal = net.isIP(host);
  const answers = literal ? [{ address: host, family: literal }] : await dns.lookup(host, { all: true, verbatim: true }).catch(() => []);
  const [first] = answers;
  if (!first) throw new FetchRefused("host does not resolve");
  for (const answer of answers) {
    if (!allowedAddress(answer.address, port)) throw new FetchRefused(`address ${answer.address} is not public`, "target");
  }
  return first;
}

/**
 * Vets a URL the server will fetch later (an outgoing webhook): the URL rules above, and every address
 * its host resolves to now must be public. Throws FetchRefused; each fetch checks again.
 */
export async function vetPublicUrl(raw: string): Promise<URL> {
  const { url, port } = vetUrl(raw);
  await checkedAddress(url.hostname, port);
  return url;
}

function requestOnce(url: URL, port: number, pinned: { address: string; family: number }, options: SafeFetchOptions, deadline: number) {
  return new Promise<{ status: number; location: string | null; contentType: string; body: Buffer; truncated: boolean }>((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const remaining = Math.max(1, deadline - Date.now());
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ""),
        port,
        path: url.pathname + url.search,
        method: options.method ?? "GET",
        headers: {
          "User-Agent": USER_AGENT,
          Accept: options.accept ?? "*/*",
          "Accept-Encoding": "identity",
          ...options.headers,
          ...(options.body ? { "Content-Length": String(options.body.length) } : {}),
        },
        // The connection goes to the address that was checked, whatever DNS says now.
        lookup: (_host, _opts, callback) => {
          const cb = callback as unknown as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
          if ((_opts as { all?: boolean }).all) cb(null, [pinned]);
          else cb(null, pinned.address, pinned.family);
        },
        timeout: remaining,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const redirects = (options.method ?? "GET") === "GET";
        const location = redirects && status >= 300 && status < 400 ? (res.headers.location ?? null) : null;
        if (location) {
          res.resume();
          resolve({ status, location, contentType: "", body: Buffer.alloc(0), truncated: false });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        res.on("data", (chunk: Buffer) => {
          if (truncated) return;
          const room = options.maxBytes - size;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            res.destroy();
            resolve({ status, location: null, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks), truncated });
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () =>
          resolve({ status, location: null, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks), truncated }),
        );
        res.on("error", (err) => (truncated ? undefined : reject(err)));
      },
    );
    const timer = setTimeout(() => req.destroy(new FetchRefused("timed out")), remaining);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => req.destroy(new FetchRefused("timed out")));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Fetches a URL under every rule above; throws FetchRefused (or a network error) otherwise. */
export async function safeFetch(raw: string, options: SafeFetchOptions): Promise<SafeResponse> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  const maxRedirects = options.maxRedirects ?? 5;
  let current = raw;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const { url, port } = vetUrl(current);
    const pinned = await checkedAddress(url.hostname, port);
    if (Date.now() >= deadline) throw new FetchRefused("timed out");
    const result = await requestOnce(url, port, pinned, options, deadline);
    if (result.location !== null) {
      current = new URL(result.location, url).toString();
      continue;
    }
    return { url: url.toString(), status: result.status, contentType: result.contentType, body: result.body, truncated: result.truncated };
  }
  throw new FetchRefused("too many redirects");
}
