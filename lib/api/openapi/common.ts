/**
 * The building blocks of the OpenAPI document: how an operation is written down (one object per route
 * and method), the shared answers (401, 403, 429…), the security schemes, and the notes that give the
 * routes' own zod checks a JSON-Schema face where zod cannot derive one (a `z.custom` test or a
 * `z.unknown().transform` reads any value; the note says what the route accepts).
 */
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject } from "zod-openapi";

export type Method = "get" | "head" | "post" | "put" | "patch" | "delete";

/** Who may call: a signed-in principal, anyone (the handler tells them apart), or anyone with no sign-in at all. */
export type Access = "user" | "optional" | "none";

export interface Operation {
  path: string;
  method: Method;
  access: Access;
  spec: ZodOpenApiOperationObject;
}

/** JSON-Schema notes for route schemas zod cannot render, keyed by the schema object itself. */
const notes = new WeakMap<object, Record<string, unknown>>();

/** Documents a route's own schema (or one field of it) with the JSON Schema of what it accepts. */
export function note<T extends z.ZodType>(schema: T, jsonSchema: Record<string, unknown>): T {
  notes.set(schema, jsonSchema);
  return schema;
}

/** The document generator's hook: a noted schema renders as its note. */
export function applyNote({ jsonSchema, zodSchema }: { jsonSchema: Record<string, unknown>; zodSchema: unknown }): void {
  const found = typeof zodSchema === "object" && zodSchema !== null ? notes.get(zodSchema) : undefined;
  if (!found) return;
  for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
  Object.assign(jsonSchema, structuredClone(found));
}

export const SECURITY_SCHEMES = {
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description: "The session cookie set by `POST /login`, `POST /api/login` or the sign-in page (`__Secure-next-auth.session-token` behind TLS).",
  },
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description:
      "`Authorization: Bearer <token>`: a personal access token (`mmp_<id>_<secret>`, made at `POST /tokens`; a read-only token may only GET) " +
      "or the session token that `POST /api/login` answers. Never in the query string.",
  },
} as const;

const SIGNED_IN: Array<Record<string, string[]>> = [{ sessionCookie: [] }, { bearerToken: [] }];
/** Anonymous callers are served too: the empty requirement says so. */
const MAYBE_SIGNED_IN: Array<Record<string, string[]>> = [{ sessionCookie: [] }, { bearerToken: [] }, {}];

export const errorJson = z.object({ error: z.string() }).meta({ id: "Error", description: 'Our routes\' refusal: `{"error": "…"}`.' });
export const rateLimitedJson = z
  .object({ error: z.literal("rate limited"), retry_after: z.number() })
  .meta({ id: "RateLimited", description: "Too many requests: wait `retry_after` seconds (also in `Retry-After`)." });

const retryAfter = z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait before the next call." }) });

/** A JSON answer. */
export const jsonAnswer = (description: string, schema: z.ZodType, headers?: z.ZodObject): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema } },
  ...(headers ? { headers } : {}),
});

/** A plain-text answer (the original MiniMost's bare bodies): a fixed text or any text. */
export const textAnswer = (description: string, body?: string | readonly string[]): ZodOpenApiResponseObject => ({
  description,
  content: {
    "text/plain": {
      schema: body === undefined ? z.string() : typeof body === "string" ? z.literal(body) : z.enum(body as [string, ...string[]]),
    },
  },
});

/** An answer with no body. */
export const emptyAnswer = (description: string, headers?: z.ZodObject): ZodOpenApiResponseObject => ({ description, ...(headers ? { headers } : {}) });

/** A JSON refusal `{"error": "…"}`. */
export const jsonError = (description: string) => jsonAnswer(description, errorJson);

/** A refusal that is JSON for our own checks and the original's plain text for its own. */
export const eitherError = (description: string): ZodOpenApiResponseObject => ({
  description,
  content: { "application/json": { schema: errorJson }, "text/plain": { schema: z.string() } },
});

export const UNAUTHORIZED = jsonError('No session or token, or a revoked, expired or deleted-account token: `{"error": "unauthorized"}`.');
export const RATE_LIMITED: ZodOpenApiResponseObject = {
  description: "Rate limited (settings.json `rate_limits`): wait `Retry-After` seconds.",
  headers: retryAfter,
  content: { "application/json": { schema: rateLimitedJson }, "text/plain": { schema: z.literal("rate limited") } },
};
export const READ_ONLY = jsonError('A read-only token on a state change (`{"error": "read-only token"}`), or a cross-site request.');
export const FORBIDDEN_PLAIN = eitherError("Not allowed here: the original's `forbidden` (text), or a JSON refusal.");
export const NOT_FOUND = eitherError("Nothing there (`not found` as text, or JSON).");
export const BAD_REQUEST = eitherError("Invalid input: the original's text answers for its own checks, JSON for ours.");

export interface OperationSpec extends Omit<ZodOpenApiOperationObject, "security" | "operationId" | "tags"> {
  summary: string;
  tags: string[];
  operationId: string;
}

const STATE_CHANGES = new Set<Method>(["post", "put", "patch", "delete"]);

/**
 * One documented operation. Signed-in operations get the 401 and the read-only/cross-site 403; every
 * operation gets the 429 of the rate limiter.
 */
export function operation(method: Method, path: string, access: Access, spec: OperationSpec): Operation {
  const responses = { ...spec.responses };
  if (access === "user") responses["401"] ??= UNAUTHORIZED;
  if (access !== "none" && STATE_CHANGES.has(method)) responses["403"] ??= READ_ONLY;
  responses["429"] ??= RATE_LIMITED;
  const security = access === "user" ? SIGNED_IN : access === "optional" ? MAYBE_SIGNED_IN : [];
  const requestParams = spec.requestParams && Object.fromEntries(Object.entries(spec.requestParams).filter(([, schema]) => schema !== undefined));
  return { path, method, access, spec: { ...spec, ...(requestParams ? { requestParams } : {}), responses, security } };
}

/** Example path parameters: each becomes a required `in: path` parameter with its example. */
export function pathParams<T extends Record<string, z.ZodType>>(shape: T, examples: { [K in keyof T]: string }) {
  const out: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(shape)) out[name] = schema.meta({ example: examples[name], param: { example: examples[name] } });
  return z.object(out);
}

/** A JSON request body with a working example. */
export const jsonBody = (schema: z.ZodType, example: unknown, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { "application/json": { schema, example } },
});

/** A form body (urlencoded; multipart works too), with a working example. */
export const formBody = (schema: z.ZodType, example: Record<string, string>, description?: string, alsoJson = false) => ({
  required: true,
  ...(description ? { description } : {}),
  content: {
    "application/x-www-form-urlencoded": { schema, example },
    ...(alsoJson ? { "application/json": { schema } } : {}),
  },
});

/** A field the route reads as text (absent or not a string: ""). */
export const textField = (description: string) => z.string().meta({ description });
