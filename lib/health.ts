/**
 * Liveness and readiness for load balancers and orchestrators (issue 14): `/healthz` answers while the
 * process serves requests at all; `/readyz` while what every request needs is reachable: the shared
 * database, the message store (the data folder's message files, or PostgreSQL), the blob store (the upload
 * folder, or the S3 bucket) and, when one is configured, Redis. Every check has a deadline, so a hung
 * dependency makes the instance not ready instead of hanging the probe.
 */
import "server-only";
import { redisBackend } from "@/lib/backends";
import { db } from "@/lib/db/client";
import { pingRedis } from "@/lib/events";
import { messageStore } from "@/lib/messages";
import { blobs } from "@/lib/uploads/storage";

/** How long one check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 2000;

export type CheckResult = "ok" | `failed: ${string}`;

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

async function withDeadline(check: () => Promise<unknown>, ms: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([check(), deadline]);
    return "ok";
  } catch (err) {
    return `failed: ${(err as Error).message.split("\n")[0]}`;
  } finally {
    clearTimeout(timer);
  }
}

/** What this instance depends on, by name: Redis only where it is configured. */
function dependencies(): Record<string, () => Promise<unknown>> {
  return {
    database: () => db().$queryRaw`SELECT 1`,
    messages: () => messageStore().probe(),
    uploads: () => blobs().ready(),
    ...(redisBackend() ? { redis: pingRedis } : {}),
  };
}

export async function readiness(timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const probes = dependencies();
  const names = Object.keys(probes);
  const results = await Promise.all(names.map((name) => withDeadline(probes[name]!, timeoutMs)));
  const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<string, CheckResult>;
  return { ready: results.every((r) => r === "ok"), checks };
}
