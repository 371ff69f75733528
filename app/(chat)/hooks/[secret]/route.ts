import { DomainError, invalid, isDomainError } from "@/lib/errors";
import { readBytes, readFormFields } from "@/lib/http/input";
import { text, withOptionalUser } from "@/lib/http/route";
import { postThroughHook } from "@/lib/integrations/incoming";
import type { HookBody } from "@/lib/integrations/slack";

/** A Slack payload is a few kilobytes; anything near this is not one. */
const HOOK_BODY_LIMIT = 64 * 1024;

/** The body as the hook reads it: a form (`payload=<json>` or `text=`) or JSON, whatever the Content-Type claims otherwise. */
async function readHookBody(req: Request): Promise<HookBody> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    return { kind: "form", fields: await readFormFields(req, HOOK_BODY_LIMIT) };
  }
  const bytes = await readBytes(req, HOOK_BODY_LIMIT);
  let body: string;
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalid("payload is not valid UTF-8", "plain");
  }
  return { kind: "json", text: body.trim() === "" ? "{}" : body };
}

/**
 * `POST /hooks/<secret>` (no session: the secret is the credential): Slack's incoming-webhook call.
 * Answers `ok` as Slack does, and every failure in plain text as Slack's clients expect.
 */
export const POST = withOptionalUser(async ({ req, params }) => {
  const secret = typeof params.secret === "string" ? params.secret : "";
  try {
    await postThroughHook(secret, () => readHookBody(req));
  } catch (err) {
    if (isDomainError(err) && err.style === "json") throw new DomainError(err.code, err.message, "plain");
    throw err;
  }
  return text("ok");
});
