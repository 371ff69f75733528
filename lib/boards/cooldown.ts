/**
 * Per-user cooldowns (settings.json boards.thread_cooldown_seconds / reply_cooldown_seconds), claimed in
 * one SQL statement so two requests at once cannot both pass. A claim is given back when the write it
 * guarded fails, so a refused post never costs the user a wait.
 */
import "server-only";
import { db, nowSeconds } from "@/lib/db/client";
import { CooldownError } from "./rules";

export type CooldownKind = "thread" | "reply";

/** Claims the cooldown or throws CooldownError; returns a function that gives the claim back. */
export async function claimCooldown(user: string, kind: CooldownKind, seconds: number): Promise<() => Promise<void>> {
  const now = nowSeconds();
  const previous = await db().boardCooldown.findUnique({ where: { username_kind: { username: user, kind } } });
  if (seconds > 0) {
    const claimed = await db().$executeRaw`
      INSERT INTO "BoardCooldown" ("username", "kind", "at") VALUES (${user}, ${kind}, ${now})
      ON CONFLICT ("username", "kind") DO UPDATE SET "at" = excluded."at" WHERE "BoardCooldown"."at" <= ${now - seconds}`;
    if (claimed === 0) {
      const row = await db().boardCooldown.findUnique({ where: { username_kind: { username: user, kind } } });
      const left = Math.max(1, Math.ceil((row?.at ?? now) + seconds - now));
      const what = kind === "thread" ? "a new thread" : "another reply";
      throw new CooldownError(`You are posting too fast: wait ${left} second${left === 1 ? "" : "s"} before posting ${what}.`, left);
    }
  } else {
    await db().boardCooldown.upsert({ where: { username_kind: { username: user, kind } }, create: { username: user, kind, at: now }, update: { at: now } });
  }
  return async () => {
    // Only if nobody claimed it since (the value is still ours).
    if (previous) await db().boardCooldown.updateMany({ where: { username: user, kind, at: now }, data: { at: previous.at } });
    else await db().boardCooldown.deleteMany({ where: { username: user, kind, at: now } });
  };
}
