/**
 * The fan-out worker (a worker thread started by ./fanout.ts): writes journaled deliveries into users'
 * message files off the request thread. It knows nothing of accounts or the shared database; the
 * request thread hands it a batch (the entries, in journal order, and the users to write) and removes
 * the journal entries once the worker says the batch is written.
 *
 * Each file is opened for the batch, written in one transaction (every entry of the batch for that
 * user) and closed again, so the worker holds no memory between batches. While it works it reports
 * which users' copies are written, so readers stop catching up on their own for them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parentPort } from "node:worker_threads";
import { deliverToFile, type JournalDelivery } from "./deliver-file";
import { openMessageFile, StoreError, takePeakOpenFiles, userFileName } from "./store";

/** A batch from the request thread. */
export interface FanoutBatch {
  type: "batch";
  batchId: number;
  userDir: string;
  entries: JournalDelivery[];
  users: string[];
}

/** What the worker answers. */
export type FanoutReply =
  | { type: "progress"; batchId: number; users: string[] }
  /** `peakOpen`: the most files this worker had open at once during the batch (one, unless a bug). */
  | { type: "done"; batchId: number; failed: string[]; peakOpen: number }
  | { type: "error"; batchId: number; message: string };

/** Report progress at least this often, so readers of the users written so far stop catching up. */
const PROGRESS_MS = 20;

function writeBatch(batch: FanoutBatch, post: (reply: FanoutReply) => void): void {
  let written: string[] = [];
  const failed: string[] = [];
  takePeakOpenFiles(); // this batch's count starts now
  let lastReport = performance.now();
  for (const user of batch.users) {
    const file = path.join(batch.userDir, userFileName(user));
    if (fs.existsSync(file)) {
      try {
        const handle = openMessageFile(file, false);
        try {
          deliverToFile(handle, user, batch.entries);
        } finally {
          handle.close();
        }
      } catch (err) {
        // The account was deleted while its file was written (the request thread removes the file
        // then): nothing to deliver to, as if it had gone before.
        if (!fs.existsSync(file)) continue;
        // One broken file must not stop everyone else's copy; the request thread reports it. Anything
        // else (a full disk, a lock held too long) fails the batch, which stays journaled.
        if (!(err instanceof StoreError)) throw err;
        failed.push(`${user}: ${(err as Error).message}`);
      }
    } // else: a hard-deleted account, nothing to deliver to
    written.push(user);
    if (performance.now() - lastReport >= PROGRESS_MS) {
      post({ type: "progress", batchId: batch.batchId, users: written });
      written = [];
      lastReport = performance.now();
    }
  }
  if (written.length > 0) post({ type: "progress", batchId: batch.batchId, users: written });
  post({ type: "done", batchId: batch.batchId, failed, peakOpen: takePeakOpenFiles() });
}

/**
 * Copies wait; requests do not. On Linux a thread has its own nice value: this one lowers its own
 * (found through /proc/thread-self), so when the cores are busy the request thread is served first and
 * the fan-out takes what is left. Elsewhere the worker runs at the process's priority.
 */
export const WORKER_NICENESS = 10;

function lowerOwnPriority(): void {
  try {
    const tid = Number(path.basename(fs.readlinkSync("/proc/thread-self")));
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, Math.max(os.getPriority(tid), WORKER_NICENESS));
  } catch {
    // not Linux, or not allowed: the same priority as the request thread
  }
}

const port = parentPort;
if (port) {
  lowerOwnPriority();
  port.on("message", (batch: FanoutBatch) => {
    const post = (reply: FanoutReply) => port.postMessage(reply);
    try {
      writeBatch(batch, post);
    } catch (err) {
      post({ type: "error", batchId: batch.batchId, message: (err as Error).stack ?? String(err) });
    }
  });
}
