/**
 * One error type for every expected failure. Domain code throws it; the route wrapper turns it into
 * a response. `body` is a string for the reference's plain answers ("forbidden") or an object for JSON.
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

/** Our own endpoints answer `{"error": "…"}`. */
export const jsonError = (status: number, message: string) => new ApiError(status, { error: message });

export const unauthorized = () => jsonError(401, "unauthorized");
export const forbidden = () => new ApiError(403, "forbidden");
export const notFound = (text = "not found") => new ApiError(404, text);
