/**
 * Where the sign-in form goes once signed in (`/login?next=/m/42`, set by a page that needed a
 * session): a path of this site only. Anything that could leave it (`//host`, `/\host`, a scheme, a
 * control character) or is not a path at all goes to `/`, so the parameter cannot send anyone elsewhere.
 */
export function nextPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > NEXT_MAX || !raw.startsWith("/")) return "/";
  if (/[\\\u0000-\u001f\u007f]/.test(raw) || raw.startsWith("//")) return "/";
  const url = new URL(raw, "http://site.invalid");
  return url.origin === "http://site.invalid" ? url.pathname + url.search + url.hash : "/";
}

const NEXT_MAX = 2000;
