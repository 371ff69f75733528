/**
 * Answers a script can use (issue 15): a caller that sends `Accept: application/json` to send, edit,
 * delete or react gets the changed rows as `/messages` shows them; without it, the original's answers.
 */
import "server-only";

/** Whether the request asks for JSON by name (`*\/*`, a browser's default, does not). */
export function wantsJson(req: Request): boolean {
  const accept = req.headers.get("accept");
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    return type === "application/json" && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}
