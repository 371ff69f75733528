/**
 * The fan-out workers, seen from the request thread: MINIMOST_FANOUT_WORKERS worker threads (default
 * 2, see ./limits.ts; 0 writes copies on the request thread, in slices, as before the workers) running
 * ./fanout-worker.ts. A batch's users are split between them in contiguous runs; the batch is written
 * when every worker has answered. A worker that fails or dies fails the batch (the caller keeps it
 * journaled and writes it on the request thread instead); a dead worker is replaced on the next batch.
 *
 * The worker loads the TypeScript sources through tsx's require hook (tsx is a dependency the server
 * already starts with), so the same files run in both threads whether the app runs from `next start`,
 * `next dev` or Jest: nothing is built for it, and the bundler never sees it.
 */
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { existingSingleton, singleton } from "@/lib/globals";
import type { JournalDelivery } from "./deliver-file";
import type { FanoutBatch, FanoutReply } from "./fanout-worker";
import { DEFAULT_FANOUT_WORKERS, fanoutWorkersFromEnv } from "./limits";

/**
 * Each worker's young generation, in MB (V8 splits it into semi-spaces of a third each). V8 would grow it
 * to 3 x 16 MB though a batch keeps a few MB alive: after 1,000 signups each worker held ~45 MB of heap,
 * ~18 MB with semi-spaces of 2 MB, with scavenges under a millisecond (issue 13's RSS target).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/** The worker's source, found from the app's root (where the server and the tests run). */
function workerSource(): string {
  return path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "messages", "sqlite", "fanout-worker.ts");
}

interface Running {
  batchId: number;
  pending: number;
  peakOpen: number;
  failed: string[];
  onProgress: (users: string[]) => void;
  resolve: (failed: string[]) => void;
  reject: (err: Error) => void;
}

class FanoutPool {
  private readonly workers: (Worker | null)[];
  private running: Running | null = null;
  private nextBatchId = 1;
  /** The most files the workers had open during one batch, summed over workers, since the last take. */
  private peakOpen = 0;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => null);
  }

  /**
   * Writes one batch: the entries (ascending journal ids) into the files of `users`. Calls onProgress
   * with users whose copies are written as the workers go; resolves with the users whose file could
   * not be used (reported, skipped), rejects if a worker failed.
   */
  run(userDir: string, entries: JournalDelivery[], users: string[], onProgress: (users: string[]) => void): Promise<string[]> {
    if (this.running) return Promise.reject(new Error("a fan-out batch is already running"));
    const batchId = this.nextBatchId++;
    const share = Math.ceil(users.length / this.size);
    const parts = Array.from({ length: this.size }, (_, i) => users.slice(i * share, (i + 1) * share)).filter((p) => p.length > 0);
    if (parts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.running = { batchId, pending: parts.length, peakOpen: 0, failed: [], onProgress, resolve, reject };
      try {
        parts.forEach((part, i) => {
          const batch: FanoutBatch = { type: "batch", batchId, userDir, entries, users: part };
          this.worker(i).postMessage(batch);
        });
      } catch (err) {
        this.fail(err as Error);
      }
    });
  }

  private worker(i: number): Worker {
    const existing = this.workers[i];
    if (existing) return existing;
    const source = workerSource();
    if (!fs.existsSync(source)) throw new Error(`the fan-out worker's source is missing: ${source}`);
    const boot = `require("tsx/cjs/api").register(); require(${JSON.stringify(source)});`;
    const worker = new Worker(boot, { eval: true, name: `fanout-${i}`, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    worker.unref(); // a pending fan-out never keeps the process alive: its journal outlives it
    // A worker stopped by stop() exits later, maybe while its replacement runs the next batch: only the
    // pool's current workers can fail a batch.
    const current = () => this.workers[i] === worker;
    worker.on("message", (reply: FanoutReply) => {
      if (current()) this.onReply(reply);
    });
    worker.on("error", (err) => {
      if (current()) this.fail(err);
    });
    worker.on("exit", (code) => {
      if (!current()) return;
      this.workers[i] = null;
      this.fail(new Error(`fan-out worker ${i} stopped (exit code ${code})`));
    });
    this.workers[i] = worker;
    return worker;
  }

  private onReply(reply: FanoutReply): void {
    const running = this.running;
    if (!running || reply.batchId !== running.batchId) return;
    if (reply.type === "progress") running.onProgress(reply.users);
    else if (reply.type === "error") this.fail(new Error(`fan-out worker: ${reply.message}`));
    else {
      running.failed.push(...reply.failed);
      running.peakOpen += reply.peakOpen;
      this.peakOpen = Math.max(this.peakOpen, running.peakOpen);
      if (--running.pending === 0) {
        this.running = null;
        running.resolve(running.failed);
      }
    }
  }

  /** Fails the running batch, if any, and stops the workers so none is left half-way through it. */
  private fail(err: Error): void {
    const running = this.running;
    this.running = null;
    const workers = this.workers.splice(0, this.workers.length, ...this.workers.map(() => null));
    for (const worker of workers) void worker?.terminate();
    running?.reject(err);
  }

  /** The most message files the workers had open at once since the last call (tests check the bound). */
  takePeakOpenFiles(): number {
    const peak = this.peakOpen;
    this.peakOpen = 0;
    return peak;
  }

  /** Stops the workers (a running batch fails, and is written on the request thread); new ones start with the next batch. */
  stop(): void {
    this.fail(new Error("the fan-out workers were stopped"));
  }
}

const POOL_KEY = "fanout-pool";

/** The process's fan-out workers, or null when copies are written on the request thread. */
export function fanoutPool(): FanoutPool | null {
  return singleton(POOL_KEY, () => {
    let size = DEFAULT_FANOUT_WORKERS;
    try {
      size = fanoutWorkersFromEnv();
    } catch (err) {
      console.error(`[delivery] ${(err as Error).message}; using ${DEFAULT_FANOUT_WORKERS}`);
    }
    return size > 0 ? new FanoutPool(size) : null;
  });
}

/** Stops the fan-out workers if any were started (tests, between data folders); none is started here. */
export function stopFanoutWorkers(): void {
  existingSingleton<FanoutPool | null>(POOL_KEY)?.stop();
}
