/**
 * The one mapping from failures to HTTP answers. Domain code throws DomainError (lib/errors.ts): a
 * code, a message and a style; here the code picks the status and the style picks the body.
 *
 * How the body is chosen: the error says it. "plain" errors are the original MiniMost's bare answers
 * and go out as `text/plain` with the message as the whole body (`forbidden`, `empty`,
 * `file too large (max 25 MB)`), byte for byte what its clients compare; "json" errors are our own and
 * go out as `{"error": "<message>"}`. Routes do not choose: one route can answer in both styles, and
 * whoever throws is the one who knows which answer the original gave.
 */
import { DomainError, type ErrorCode } from "@/lib/errors";

/**
 * An answer that only makes sense in HTTP (a status with headers of its own). The route wrapper
 * sends it as it is: `body` is a string for a plain answer or an object for JSON.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.name = "ApiError";
  }
}

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
};

export const statusOf = (code: ErrorCode): number => STATUS[code];

/** The status and body a failure answers with, or null when it is not an expected failure. */
export function errorAnswer(err: unknown): { status: number; body: string | Record<string, unknown>; headers?: Record<string, string> } | null {
  if (err instanceof ApiError) return { status: err.status, body: err.body, headers: err.headers };
  if (err instanceof DomainError) {
    return { status: statusOf(err.code), body: err.style === "plain" ? err.message : { error: err.message } };
  }
  return null;
}
