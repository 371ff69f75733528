/**
 * Retention (spec §1.8): uploads older than `image_retention_days` / `file_retention_days` (by
 * modification time) and messages older than `message_retention_days` are removed. Runs 5 s after
 * start, then daily (sooner again after a failure); `runRetention` also runs it on demand.
 */
import "server-only";
import { settings } from "@/lib/config";
import { db } from "@/lib/db/client";
import { singleton } from "@/lib/globals";
import { messageStore } from "@/lib/messages";
import { forgetPurgedThreads } from "@/lib/messaging/threads";
import { isImageName } from "@/lib/uploads/names";
import { blobs, removeStaleTempFiles } from "@/lib/uploads/storage";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Half-received uploads a crash left behind. */
const STALE_INCOMING_MS = DAY_MS;

export interface RetentionReport {
  files: number;
  messages: number;
}

/** Uploads are the blobs at the top level of the store; avatars (under `avatars/`) are kept. */
async function removeOldUploads(now: number): Promise<number> {
  const s = settings();
  const store = blobs();
  let removed = 0;
  for await (const blob of store.list("")) {
    const maxAge = (isImageName(blob.key) ? s.image_retention_days : s.file_retention_days) * DAY_MS;
    if (now - blob.modifiedMs <= maxAge) continue;
    await store.delete(blob.key);
    removed++;
  }
  return removed + (await removeStaleTempFiles(now - STALE_INCOMING_MS));
}

async function removeOldMessages(now: number): Promise<number> {
  const cutoff = now / 1000 - settings().message_retention_days * 86400;
  const removed = await messageStore().purgeBefore(cutoff);
  await db().readReceipt.deleteMany({ where: { msgTs: { lt: cutoff } } });
  await forgetPurgedThreads(cutoff);
  return removed;
}

export async function runRetention(now = Date.now()): Promise<RetentionReport> {
  const files = await removeOldUploads(now);
  const messages = await removeOldMessages(now);
  return { files, messages };
}

/** After a failed run (a locked or unreachable database), the next try comes this much sooner than a day. */
export const RETRY_AFTER_FAILURE_MS = 10 * 60 * 1000;

interface Schedule {
  timer: NodeJS.Timeout | null;
  /** When the next run is due (ms since the epoch), or null while one runs. */
  nextAt: number | null;
}

const schedule = () => singleton<Schedule>("retention-timer", () => ({ timer: null, nextAt: null }));

/** When the next clean-up is due (ms since the epoch); null before startRetention and while one runs. */
export function nextRetentionAt(): number | null {
  return schedule().nextAt;
}

/** Schedules the clean-up: first 5 s after start, then every 24 hours (10 minutes after a failure). */
export function startRetention(): void {
  const state = schedule();
  if (state.timer) return;
  const after = (ms: number) => {
    state.nextAt = Date.now() + ms;
    state.timer = setTimeout(run, ms);
    state.timer.unref();
  };
  const run = () => {
    state.nextAt = null;
    runRetention()
      .then((r) => {
        if (r.files || r.messages) console.log(`[retention] removed ${r.files} files, ${r.messages} messages`);
        after(DAY_MS);
      })
      .catch((err: unknown) => {
        console.error(`[retention] failed; trying again in ${RETRY_AFTER_FAILURE_MS / 60000} minutes`, err);
        after(RETRY_AFTER_FAILURE_MS);
      });
  };
  after(5000);
}
