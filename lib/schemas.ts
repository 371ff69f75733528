/**
 * Helpers for the zod schemas that turn request bodies and queries into typed values before any
 * domain function sees them, and the one function that turns a schema failure into a domain error.
 *
 * A failed check answers what the route answered before schemas: each check names its message and,
 * for the original's plain answers, the "plain" style (carried in the zod issue's params). Checks run
 * in the order of the schema's keys and the first failure is the answer, so a schema lists its fields
 * in the order the route used to check them.
 */
import { z } from "zod";
import { invalid, type ErrorStyle } from "@/lib/errors";

/** A value that must pass `test`; otherwise 400 with `message` in `style`. */
export const checked = <T>(test: (value: unknown) => value is T, message: string, style: ErrorStyle = "json") =>
  z.custom<T>(test, { message, params: { style } });

/** A field read as text: a string as it is, anything else (absent, a number, null) as "". */
export const looseString = () =>
  z
    .unknown()
    .optional()
    .transform((value) => (typeof value === "string" ? value : ""));

export const isString = (value: unknown): value is string => typeof value === "string";
export const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === "string";

/** The typed value, or the domain error of the schema's first failed check. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const style = issue?.code === "custom" && issue.params?.style === "plain" ? "plain" : "json";
  throw invalid(issue?.message ?? "invalid input", style);
}
