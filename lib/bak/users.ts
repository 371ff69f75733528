// A registered user's BaK: one per account, shared by the web chat and every coincoin the user signs in with
// (a team chat user expects "my filters", not one set per device). `/bak save` copies the rules to the profile
// and `/bak load` restores that copy (spec §6.3). Both faces read it: the tribune's backends and the chat's
// view of public channels (DESIGN tribune decision 7).
import "server-only";
import { z } from "zod";
import { db, isUniqueViolation } from "@/lib/db/client";
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

/**
 * Users' BaKs, cached per instance: every backend poll and chat poll reads them. A change anywhere is
 * published on the bus and every instance drops the user's entry. `epoch` moves with every drop: a read
 * that was waiting for the database meanwhile may hold the old rules, and is used but not kept.
 */
const cached = () =>
  singleton("user-baks", () => {
    const state = { map: new Map<string, BakState | null>(), epoch: 0 };
    const drop = (user: string) => {
      state.epoch++;
      state.map.delete(user);
    };
    bus().subscribe("bak", ({ user }) => drop(user));
    bus().subscribe("account", ({ user }) => drop(user));
    bus().subscribe("resync", () => {
      state.epoch++;
      state.map.clear();
    });
    return state;
  });

/** A registered user's BaK, or null when they never used one. */
export async function userBak(user: string): Promise<BakState | null> {
  const cache = cached();
  if (cache.map.has(user)) return cache.map.get(user)!;
  const epoch = cache.epoch;
  const row = await db().tribuneFilter.findUnique({ where: { username: user } });
  const state = row ? { active: row.active, rules: parsedJson(rulesSchema, row.rules, []), saved: row.saved } : null;
  if (cache.epoch !== epoch) return state;
  if (cache.map.size > 10_000) cache.map.clear();
  cache.map.set(user, state);
  return state;
}

/** Tries of one command that keeps losing races before it gives up (each try is one read and one write). */
const BAK_WRITE_TRIES = 20;

export type BakOutcome = { ok: true } | { ok: false; error: string };

/** Runs `/bak …` for a registered user: the reference's error texts, or the new state (created active on first use). */
export async function runUserBak(user: string, content: string): Promise<BakOutcome> {
  const parsed = parseBak(content);
  if (!parsed.ok) return parsed;
  // Two commands at once must not lose one of them. In this process they take turns (the lock); across
  // instances each writes only over the row it read (compare and set on every column) and reads again
  // if another command got there first.
  return withLock(`bak:${user}`, async () => {
    for (let tries = 1; ; tries++) {
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
      if (await writeOver(user, row, data)) {
        bus().publish("bak", { user });
        return { ok: true as const };
      }
      if (tries >= BAK_WRITE_TRIES) throw new Error(`BaK of ${user}: ${tries} tries lost to concurrent changes`);
    }
  });
}

type FilterRow = { active: boolean; rules: string; saved: boolean; savedRules: string };

/** Writes `data` if the row is still `read` (null: still absent); false when another change came first. */
async function writeOver(user: string, read: FilterRow | null, data: Partial<FilterRow>): Promise<boolean> {
  if (!read) {
    try {
      await db().tribuneFilter.create({ data: { username: user, ...data } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
  const { active, rules, saved, savedRules } = read;
  const { count } = await db().tribuneFilter.updateMany({ where: { username: user, active, rules, saved, savedRules }, data });
  return count === 1;
}
