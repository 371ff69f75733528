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

/** Socket errors of a dependency that cannot be reached or went away (PostgreSQL, Redis, S3). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
/** PostgreSQL's "the server is going away or not accepting connections" (class 08 and 57P0x). */
const PG_UNAVAILABLE = /^(08...|57P0[1-3])$/;
/** Prisma's "can't reach the database" family. */
const PRISMA_UNREACHABLE = new Set(["P1001", "P1002", "P1017"]);

/**
 * Node's socket errors name their code in the message too ("connect ECONNREFUSED 10.0.0.5:5432"): what is
 * left when a library re-wraps one without its fields (the AWS SDK does for errors it does not recognise
 * as its realm's Error).
 */
const SOCKET_MESSAGE = new RegExp(`\\b(connect|getaddrinfo|read|write) (${[...UNREACHABLE].join("|")})\\b`);

/**
 * Whether a failure is an engine this instance depends on being unreachable for now (a restart, a network
 * cut), rather than a bug: such requests answer 503 with Retry-After, as a load balancer expects, and the
 * instance's /readyz says which engine. The cause chain is followed (wrappers keep the socket error there).
 */
export function isUnreachable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (UNREACHABLE.has(code) || PG_UNAVAILABLE.test(code) || PRISMA_UNREACHABLE.has(code))) return true;
    if (code === undefined && SOCKET_MESSAGE.test(String((e as { message?: unknown }).message ?? ""))) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError: every address of the host refused
    if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isUnreachable(inner))) return true;
  }
  return false;
}

/** The status and body a failure answers with, or null when it is not an expected failure. */
export function errorAnswer(err: unknown): { status: number; body: string | Record<string, unknown>; headers?: Record<string, string> } | null {
  if (err instanceof ApiError) return { status: err.status, body: err.body, headers: err.headers };
  if (err instanceof DomainError) {
    return { status: statusOf(err.code), body: err.style === "plain" ? err.message : { error: err.message } };
  }
  if (isUnreachable(err)) {
    console.error(`[api] a service this instance depends on is unreachable: ${(err as Error).message}`);
    return { status: 503, body: { error: "temporarily unavailable, try again" }, headers: { "Retry-After": "5" } };
  }
  return null;
}
