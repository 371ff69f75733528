/**
 * Retention (spec §1.8): uploads older than `image_retention_days` / `file_retention_days` (by
 * modification time) and messages older than `message_retention_days` are removed. Runs 5 s after
 * start, then daily; `runRetention` also runs it on demand.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { paths, settings } from "@/lib/config";
import { db } from "@/lib/db/client";
import { singleton } from "@/lib/globals";
import { allMessageFiles, messageFileAt, StoreError } from "@/lib/messages/store";
import { isImageName } from "@/lib/uploads/names";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Half-received uploads a crash left behind. */
const STALE_INCOMING_MS = DAY_MS;

export interface RetentionReport {
  files: number;
  messages: number;
}

function removeOldUploads(now: number): number {
  const { uploadDir } = paths();
  const s = settings();
  let removed = 0;
  const sweep = (dir: string, maxAge: (name: string) => number) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      if (!stat.isFile() || now - stat.mtimeMs <= maxAge(name)) continue;
      fs.rmSync(file, { force: true });
      removed++;
    }
  };
  sweep(uploadDir, (name) => (isImageName(name) ? s.image_retention_days : s.file_retention_days) * DAY_MS);
  sweep(path.join(uploadDir, ".incoming"), () => STALE_INCOMING_MS);
  return removed;
}

async function removeOldMessages(now: number): Promise<number> {
  const cutoff = now / 1000 - settings().message_retention_days * 86400;
  let removed = 0;
  for (const file of allMessageFiles()) {
    try {
      const handle = messageFileAt(file);
      removed += handle.write(() => handle.stmt("DELETE FROM messages WHERE ts < ?").run(cutoff).changes);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      console.error(`[retention] skipped: ${err.message}`);
    }
    await yieldToEventLoop();
  }
  await db().readReceipt.deleteMany({ where: { msgTs: { lt: cutoff } } });
  return removed;
}

export async function runRetention(now = Date.now()): Promise<RetentionReport> {
  const files = removeOldUploads(now);
  const messages = await removeOldMessages(now);
  return { files, messages };
}

/** Schedules the clean-up: first 5 s after start, then every 24 hours. */
export function startRetention(): void {
  singleton("retention-timer", () => {
    const run = () =>
      runRetention()
        .then((r) => (r.files || r.messages ? console.log(`[retention] removed ${r.files} files, ${r.messages} messages`) : undefined))
        .catch((err: unknown) => console.error("[retention] failed", err));
    setTimeout(run, 5000).unref();
    return setInterval(run, DAY_MS).unref();
  });
}
