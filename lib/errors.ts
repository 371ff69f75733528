/**
 * Domain errors: every expected failure is a code and a message, with no HTTP in sight, so any face
 * (the MiniMost API, a server action, a script, later the tribune) can show it its own way. The one
 * place that turns them into HTTP answers is lib/http/errors.ts.
 *
 * `style` records how the MiniMost API words the failure: "plain" for the original's bare text answers
 * (`forbidden`, `empty`, `user not found`, …), which its clients compare byte for byte, and "json" for
 * our own additions, answered `{"error": "…"}`. It is a property of the failure, not of the route: one
 * route answers both (`POST /settings`: `invalid color` is the original's, a bad bio is ours).
 */
export type ErrorCode =
  | "invalid" // the input cannot be used as it is
  | "unauthorized" // no session, or credentials that do not sign in
  | "forbidden" // signed in, but not allowed
  | "not_found"
  | "conflict" // the input clashes with what exists (a taken name, an existing member)
  | "too_large"
  | "unsupported" // a kind of input this door does not take
  | "rate_limited";

export type ErrorStyle = "plain" | "json";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly style: ErrorStyle = "json",
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const isDomainError = (err: unknown): err is DomainError => err instanceof DomainError;

export const invalid = (message: string, style?: ErrorStyle) => new DomainError("invalid", message, style);
export const unauthorized = (message = "unauthorized", style?: ErrorStyle) => new DomainError("unauthorized", message, style);
/** Without arguments, the original's plain `forbidden`. */
export const forbidden = (message = "forbidden", style: ErrorStyle = "plain") => new DomainError("forbidden", message, style);
/** Without arguments, the original's plain `not found`; its other 404s (`user not found`) are plain too. */
export const notFound = (message = "not found", style: ErrorStyle = "plain") => new DomainError("not_found", message, style);
export const conflict = (message: string, style?: ErrorStyle) => new DomainError("conflict", message, style);
export const tooLarge = (message: string, style?: ErrorStyle) => new DomainError("too_large", message, style);
export const unsupported = (message: string, style?: ErrorStyle) => new DomainError("unsupported", message, style);
export const rateLimited = (message: string, style?: ErrorStyle) => new DomainError("rate_limited", message, style);
