/**
 * The address a sign-in comes from, for counting failures per account and address (port decision 17).
 *
 * Next.js hands route handlers no socket, only headers: it fills `X-Forwarded-For` with the socket's
 * address, but only when the request carries none, so a client could name any address it likes.
 * `keepPeerAddresses` (installed at start-up) therefore overwrites that header with the socket's
 * address unless `TRUST_PROXY` says a proxy in front of us sets it; behind such a proxy the last entry
 * is the one the proxy itself appended, the only one a client cannot choose.
 */
import http from "node:http";
import { addressKey } from "@/lib/ip";

/** Whether forwarded headers come from our own proxy (`TRUST_PROXY=1`, `true` or `yes`). */
export function trustProxy(): boolean {
  return /^(1|true|yes)$/i.test(process.env.TRUST_PROXY?.trim() ?? "");
}

const ADDRESS_MAX = 64;

type HeaderSource = Headers | Record<string, unknown> | null | undefined;

function header(source: HeaderSource, name: string): string | null {
  if (!source) return null;
  if (source instanceof Headers) return source.get(name);
  const value = source[name] ?? source[name.toLowerCase()];
  if (Array.isArray(value)) return value.map(String).join(",");
  return typeof value === "string" ? value : null;
}

/**
 * The client's address as failures are counted: IPv4 as it is, IPv6 by its /64 (one host is routinely
 * given a whole /64, so counting single addresses would hand it endless fresh guesses); "unknown"
 * when nothing says (every such request shares it).
 */
export function clientAddress(headers: HeaderSource): string {
  const forwarded = header(headers, "x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim().toLowerCase();
  return last ? addressKey(last).slice(0, ADDRESS_MAX) : "unknown";
}

const installed = globalThis as unknown as { __minimostPeerAddresses?: boolean };

/**
 * Makes `X-Forwarded-For` the socket's address on every request this process serves, unless a trusted
 * proxy sets it. Runs before Next.js sees the request, so its own handling keeps the value.
 */
export function keepPeerAddresses(): void {
  if (installed.__minimostPeerAddresses) return;
  installed.__minimostPeerAddresses = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" && !trustProxy()) {
      const req = args[0] as http.IncomingMessage;
      const peer = req.socket?.remoteAddress;
      if (peer) req.headers["x-forwarded-for"] = peer;
      else delete req.headers["x-forwarded-for"];
    }
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}
