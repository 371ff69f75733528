import { trustProxy } from "@/lib/auth/address";

/** The site's address as the caller reached it (behind our own proxy, as the proxy says), for URLs we hand out. */
export function publicOrigin(req: Request): string {
  const own = new URL(req.url);
  if (!trustProxy()) return own.origin;
  const first = (name: string) => req.headers.get(name)?.split(",")[0]?.trim();
  const proto = first("x-forwarded-proto");
  const host = first("x-forwarded-host");
  return `${proto === "https" || proto === "http" ? proto : own.protocol.slice(0, -1)}://${host || own.host}`;
}
