import { trustProxy } from "@/lib/auth/address";

/**
 * The site's address as the caller reached it, for URLs we hand out: the Host they sent (the request's
 * URL says localhost under `next start`, which no one else can paste), or behind our own proxy what the
 * proxy says.
 */
export function publicOrigin(req: Request): string {
  const own = new URL(req.url);
  const first = (name: string) => req.headers.get(name)?.split(",")[0]?.trim();
  const host = (trustProxy() && first("x-forwarded-host")) || first("host") || own.host;
  const proto = trustProxy() ? first("x-forwarded-proto") : undefined;
  return `${proto === "https" || proto === "http" ? proto : own.protocol.slice(0, -1)}://${host}`;
}
