/** The boards' limits and their one error class of their own (kept apart from ./index to avoid import cycles). */
import { DomainError } from "@/lib/errors";

/** Threads on a board page. */
export const THREADS_PER_PAGE = 20;
/** A title is 1-200 characters; a post at most 10,000 (and needs text or an image). */
export const TITLE_MAX = 200;
export const CONTENT_MAX = 10_000;
export const REASON_MAX = 500;
/** New reports one user may make in an hour (reporting a post again only updates the reason). */
export const REPORTS_PER_HOUR = 20;
/** Reports on a page of the queue, newest first. */
export const REPORTS_PER_PAGE = 100;

/** A cooldown not yet over: a 429 whose `retryAfter` (whole seconds, at least 1) goes out as Retry-After. */
export class CooldownError extends DomainError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super("rate_limited", message, "json");
    this.name = "CooldownError";
  }
}
