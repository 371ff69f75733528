/**
 * Liveness and readiness for load balancers and orchestrators (issue 14): `/healthz` answers while the
 * process serves requests at all; `/readyz` while what every request needs is reachable: the shared
 * database, the data folder (message files) and the upload folder, each there and writable. Every check has
 * a deadline, so a hung dependency makes the instance not ready instead of hanging the probe.
 */
import "server-only";
import fs from "node:fs/promises";
import { paths } from "@/lib/config";
import { db } from "@/lib/db/client";

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

/** A folder the server must be able to write in (made if missing, as the server would on first use). */
async function writableFolder(folder: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  await fs.access(folder, fs.constants.W_OK);
}

const CHECKS: Record<string, () => Promise<unknown>> = {
  database: () => db().$queryRaw`SELECT 1`,
  messages: () => writableFolder(paths().dataDir),
  uploads: () => writableFolder(paths().uploadDir),
};

export async function readiness(timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const names = Object.keys(CHECKS);
  const results = await Promise.all(names.map((name) => withDeadline(CHECKS[name]!, timeoutMs)));
  const checks = Object.fromEntries(names.map((name, i) => [name, results[i]!])) as Record<string, CheckResult>;
  return { ready: results.every((r) => r === "ok"), checks };
}
