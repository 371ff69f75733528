// A registered user's BaK: one per account, shared by the web chat and every coincoin the user signs in with
// (a team chat user expects "my filters", not one set per device). `/bak save` copies the rules to the profile
// and `/bak load` restores that copy (spec §6.3). Both faces read it: the tribune's backends and the chat's
// view of public channels (DESIGN tribune decision 7).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import { withLock } from "@/lib/locks";
import { bakLimitError, newBak, parseBak, runBak, type BakRule, type BakState } from "./rules";

export * from "./rules";

const ruleSchema = z.object({
  target: z.enum(["user_agent", "author__username", "raw"]),
  kind: z.enum(["contains", "icontains", "exact", "iexact", "startswith", "endswith"]),
  pattern: z.string(),
});
const rulesSchema = z.array(ruleSchema);
export const bakStateSchema = z.object({ active: z.boolean(), rules: rulesSchema, saved: z.boolean() });

/** JSON text checked against a schema; the fallback when it is absent or not what was stored. */
export function parsedJson<T>(schema: z.ZodType<T>, text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : fallback;
  } catch {
    return fallback;
  }
}

/** Users' BaKs, cached per instance: every backend poll and chat poll reads them. */
const cached = () =>
  singleton("user-baks", () => {
    const map = new Map<string, BakState | null>();
    bus().subscribe("bak", ({ user }) => map.delete(user));
    bus().subscribe("account", ({ user }) => map.delete(user));
    return map;
  });

/** A registered user's BaK, or null when they never used one. */
export async function userBak(user: string): Promise<BakState | null> {
  const cache = cached();
  if (cache.has(user)) return cache.get(user)!;
  const row = await db().tribuneFilter.findUnique({ where: { username: user } });
  const state = row ? { active: row.active, rules: parsedJson(rulesSchema, row.rules, []), saved: row.saved } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(user, state);
  return state;
}

export type BakOutcome = { ok: true } | { ok: false; error: string };

/** Runs `/bak …` for a registered user: the reference's error texts, or the new state (created active on first use). */
export async function runUserBak(user: string, content: string): Promise<BakOutcome> {
  const parsed = parseBak(content);
  if (!parsed.ok) return parsed;
  // One change at a time per user: two commands at once must not lose one of them.
  return withLock(`bak:${user}`, async () => {
    const row = await db().tribuneFilter.findUnique({ where: { username: user } });
    const state: BakState = row ? { active: row.active, rules: parsedJson(rulesSchema, row.rules, []), saved: row.saved } : newBak();
    const limit = bakLimitError(state, parsed.command);
    if (limit) return { ok: false as const, error: limit };
    const savedRules: BakRule[] = row ? parsedJson(rulesSchema, row.savedRules, []) : [];
    const outcome = runBak(state, parsed.command, { registered: true, savedRules });
    const data = {
      active: outcome.state.active,
      rules: JSON.stringify(outcome.state.rules),
      saved: outcome.state.saved,
      ...(outcome.save ? { savedRules: JSON.stringify(outcome.save) } : {}),
    };
    await db().tribuneFilter.upsert({ where: { username: user }, create: { username: user, ...data }, update: data });
    bus().publish("bak", { user });
    return { ok: true as const };
  });
}
