// The URL arguments of the tribune backends and post views (spec §3), parsed with zod into a typed window,
// and the window applied to posts: always the newest `limit` posts after `last_id`, then ordered.
import { z } from "zod";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;
export const DEFAULT_TABLE_WIDTH = 90;
export const MAX_TABLE_WIDTH = 600;

export type Direction = "asc" | "desc";

export type TribuneWindow = {
  /** 1..MAX_LIMIT. */
  limit: number;
  /** null: the view's own default (asc for plain, TSV and JSON; desc for XML). */
  direction: Direction | null;
  /** 0: no filter; otherwise only posts with a greater id. */
  lastId: number;
};

/** The raw values as a request carries them; absent is null or undefined. */
export type WindowInput = {
  limit?: string | null;
  direction?: string | null;
  last_id?: string | null;
  table_width?: string | null;
};

// Python's int() syntax, which clients were written against: optional sign, surrounding spaces allowed.
const INTEGER = /^\s*[+-]?[0-9]+\s*$/;

/** An optional integer argument: absent or blank is null; anything else must be a safe integer. */
const integerArg = (name: string) =>
  z
    .string()
    .nullish()
    .transform((value, ctx) => {
      if (value === null || value === undefined || value.trim() === "") return null;
      if (!INTEGER.test(value)) {
        ctx.addIssue({ code: "custom", message: `${name} must be an integer` });
        return z.NEVER;
      }
      const number = Number(value.trim());
      if (!Number.isSafeInteger(number)) {
        ctx.addIssue({ code: "custom", message: `${name} is out of range` });
        return z.NEVER;
      }
      return number;
    });

export const windowSchema = z.object({
  // ≤ 0 means the default and large values are clamped (spec §3, §11.2 #4).
  limit: integerArg("limit").transform((limit) => (limit === null || limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT))),
  // Case-insensitive, so `ASC` is ascending (spec §11.2 #5).
  direction: z
    .string()
    .nullish()
    .transform((value, ctx): Direction | null => {
      if (value === null || value === undefined || value === "") return null;
      const lower = value.toLowerCase();
      if (lower === "asc" || lower === "desc") return lower;
      ctx.addIssue({ code: "custom", message: "direction must be asc or desc" });
      return z.NEVER;
    }),
  last_id: integerArg("last_id").transform((lastId) => lastId ?? 0),
  // Plain backend only: ≤ 0 means the default, large widths are clamped.
  table_width: integerArg("table_width").transform((width) =>
    width === null || width <= 0 ? DEFAULT_TABLE_WIDTH : Math.min(width, MAX_TABLE_WIDTH),
  ),
});

export type ParsedWindow = { ok: true; window: TribuneWindow; tableWidth: number } | { ok: false; error: string };

/** Parses the window arguments; the first problem is the error, worded for the client. */
export function parseWindow(input: WindowInput): ParsedWindow {
  const parsed = windowSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "invalid arguments" };
  const { limit, direction, last_id: lastId, table_width: tableWidth } = parsed.data;
  return { ok: true, window: { limit, direction, lastId }, tableWidth };
}

/** The window arguments of a request: `last_id` from the form body first, then the query (spec §3). */
export function windowInput(query: URLSearchParams, body?: URLSearchParams | null): WindowInput {
  const bodyLastId = body?.get("last_id");
  return {
    limit: query.get("limit"),
    direction: query.get("direction"),
    last_id: bodyLastId !== null && bodyLastId !== undefined && bodyLastId !== "" ? bodyLastId : query.get("last_id"),
    table_width: query.get("table_width"),
  };
}

/**
 * The posts a backend shows: those after `lastId`, the newest `limit` of them, then in the window's direction
 * (or the view's default). Direction only reorders; it never changes which posts are picked (spec §3.1).
 */
export function applyWindow<T extends { id: number }>(posts: readonly T[], window: TribuneWindow, viewDefault: Direction): T[] {
  const picked = posts
    .filter((post) => window.lastId === 0 || post.id > window.lastId)
    .sort((a, b) => b.id - a.id)
    .slice(0, window.limit);
  return (window.direction ?? viewDefault) === "asc" ? picked.reverse() : picked;
}
