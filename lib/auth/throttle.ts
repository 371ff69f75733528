/**
 * Failed sign-ins, counted per account name and client address (port decision 17): a stranger's
 * guesses lock out only their own address, never the owner signing in from elsewhere, and a name
 * nobody registered counts and locks exactly as a real one does.
 *
 * An attempt takes its slot before the password is checked, in one conditional UPDATE: of any number
 * of parallel attempts, at most `max` pass, and the one that takes the last slot sets the lockout
 * there and then. A successful sign-in gives the slots back. The statements are plain SQL that SQLite
 * and PostgreSQL both run atomically per row.
 */
import "server-only";
import crypto from "node:crypto";
import { db, nowSeconds } from "@/lib/db/client";
import { withLock } from "@/lib/locks";

export type Reservation =
  | { allowed: true; /** this attempt took the last slot: a failure answers with the lockout */ last: boolean }
  | { allowed: false; secondsLeft: number };

const KEY_MAX = 64;

/** The stored form of a typed name: lower-cased, and hashed when too long to be anyone's. */
export function throttleKey(typed: string): string {
  const key = typed.trim().toLowerCase();
  return key.length <= KEY_MAX ? key : "sha256:" + crypto.createHash("sha256").update(key).digest("hex");
}

const SWEEP_EVERY_SECONDS = 60;
const sweepState = globalThis as unknown as { __minimostThrottleSweep?: number };

/** Forgets rows nothing counts any more, at most once a minute per process. */
async function sweep(now: number, windowSeconds: number): Promise<void> {
  if ((sweepState.__minimostThrottleSweep ?? 0) > now - SWEEP_EVERY_SECONDS) return;
  sweepState.__minimostThrottleSweep = now;
  await db().loginThrottle.deleteMany({
    where: {
      lastFailureAt: { lte: now - windowSeconds },
      OR: [{ lockoutUntil: null }, { lockoutUntil: { lte: now } }],
    },
  });
}

/**
 * Takes one attempt slot for (account, address), or says how long the lockout still lasts. Failures
 * are forgotten once a lockout ends, or after `windowSeconds` without another one.
 */
export async function reserveAttempt(account: string, address: string, max: number, windowSeconds: number): Promise<Reservation> {
  // Attempts of one account and address take their slots in the order they arrived here: on PostgreSQL
  // the statements of parallel attempts run on several connections, and the right password sent first
  // could otherwise find the slots taken by guesses sent after it (SQLite's one connection kept the order).
  return withLock(`login-throttle:${account}\n${address}`, () => reserve(account, address, max, windowSeconds));
}

async function reserve(account: string, address: string, max: number, windowSeconds: number): Promise<Reservation> {
  const now = nowSeconds();
  await sweep(now, windowSeconds);
  const staleBefore = now - windowSeconds;
  const lockUntil = now + windowSeconds;
  await db().$executeRaw`
    INSERT INTO "LoginThrottle" ("account", "address", "failures", "lockoutUntil", "lastFailureAt")
    VALUES (${account}, ${address}, 0, NULL, ${now})
    ON CONFLICT ("account", "address") DO NOTHING`;
  // SET expressions all read the row as it was, so `stale` means the same in each of them. The CAST says
  // what the CASE yields (PostgreSQL would take an untyped parameter beside NULL for text; SQLite ignores it).
  const taken = await db().$queryRaw<{ failures: number }[]>`
    UPDATE "LoginThrottle" SET
      "failures" = CASE
        WHEN ("lockoutUntil" IS NOT NULL AND "lockoutUntil" <= ${now}) OR ("lockoutUntil" IS NULL AND "lastFailureAt" <= ${staleBefore})
        THEN 1 ELSE "failures" + 1 END,
      "lockoutUntil" = CASE
        WHEN (CASE
          WHEN ("lockoutUntil" IS NOT NULL AND "lockoutUntil" <= ${now}) OR ("lockoutUntil" IS NULL AND "lastFailureAt" <= ${staleBefore})
          THEN 1 ELSE "failures" + 1 END) >= ${max}
        THEN CAST(${lockUntil} AS DOUBLE PRECISION) ELSE NULL END,
      "lastFailureAt" = ${now}
    WHERE "account" = ${account} AND "address" = ${address} AND (
      ("lockoutUntil" IS NOT NULL AND "lockoutUntil" <= ${now})
      OR ("lockoutUntil" IS NULL AND "lastFailureAt" <= ${staleBefore})
      OR ("lockoutUntil" IS NULL AND "failures" < ${max}))
    RETURNING "failures"`;
  const [slot] = taken;
  if (slot) return { allowed: true, last: Number(slot.failures) >= max };
  const row = await db().loginThrottle.findUnique({
    where: { account_address: { account, address } },
    select: { lockoutUntil: true },
  });
  // No lockout on the row (the limit was lowered meanwhile): refused for a whole window.
  // Measured from now, not from when this attempt began: the lock may have been taken since.
  return { allowed: false, secondsLeft: Math.max(0, (row?.lockoutUntil ?? lockUntil) - nowSeconds()) };
}

/** A successful sign-in from this address: its failures are forgiven. */
export async function clearAttempts(account: string, address: string): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { account, address } });
}

/** A new password (reset): every address starts afresh. */
export async function clearAccountAttempts(account: string): Promise<void> {
  await db().loginThrottle.deleteMany({ where: { account } });
}
