/**
 * Crash-safe, idempotent delivery of writes to many message files (port decision 2).
 *
 * A write is journaled in the shared database first; a public channel's archive is written before
 * the caller is answered, so an acknowledged write is durable. The copies in users' files are then
 * written off the request thread by the fan-out worker (./fanout.ts), every pending delivery for a
 * user in one transaction per file; with MINIMOST_FANOUT_WORKERS=0, or when a worker fails, the
 * request thread writes them itself in slices, yielding to the event loop between them. Until a
 * user's copy is written, any read of that user's file first catches up from the pending deliveries
 * (`catchUp`). The journal entry goes once every copy exists; start-up replays whatever a killed
 * process left.
 *
 * Entries are journaled, applied to archives and queued in journal order (one at a time), and every
 * file records the newest entry applied (./deliver-file.ts), so whichever thread reaches a file first,
 * and a replay after a crash, leave it exactly as the journal says.
 */
import "server-only";
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { z } from "zod";
import { paths } from "@/lib/config";
import { db, nowSeconds } from "@/lib/db/client";
import { singleton } from "@/lib/globals";
import { publicChannelIds } from "@/lib/public-channels";
import { allUsernames } from "@/lib/users";
import type { Audience, Op, ReadBy } from "../model";
import { applyOps } from "./ops";
import { deliverToFile, isRecipient, type JournalDelivery } from "./deliver-file";
import { fanoutPool } from "./fanout";
import { archiveFile, StoreError, userFile, userFileExists, visitUserFile, type MessageFile } from "./store";

export type { Audience, ReadBy };

/**
 * On the request thread (no worker): files written between two yields to the event loop, at most this
 * many, and no more once a slice has taken SLICE_MS (a visited file is opened, written and closed in
 * about a millisecond or two).
 */
const FILES_PER_SLICE = 24;
const SLICE_MS = 8;

/** After this many failed batches in a row the workers are given up until the next start. */
const WORKER_FAILURES_TO_GIVE_UP = 3;

interface Pending extends JournalDelivery {
  /** Users whose copy is written. */
  done: Set<string>;
}

interface DeliveryState {
  queue: Pending[];
  draining: Promise<void> | null;
  idleWaiters: (() => void)[];
  /** The last submit's turn: submits journal, write archives and queue one at a time. */
  submitting: Promise<unknown>;
  workerFailures: number;
}

const state = () =>
  singleton<DeliveryState>("delivery", () => ({ queue: [], draining: null, idleWaiters: [], submitting: Promise.resolve(), workerFailures: 0 }));

const journalEntry = z.object({
  audience: z.union([
    z.object({ kind: z.literal("public"), channel: z.string() }),
    z.object({ kind: z.literal("users"), users: z.array(z.string()) }),
    z.object({ kind: z.literal("everyone") }),
  ]),
  ops: z.array(z.custom<Op>((v) => typeof v === "object" && v !== null && typeof (v as Op).op === "string")),
  readBy: z.union([z.literal(true), z.array(z.string())]),
});

/** Reserves `count` consecutive ids from the shared sequence; returns the first. */
export async function allocateIds(count = 1): Promise<number> {
  const [row] = await db().$queryRaw<{ value: bigint | number }[]>`
    INSERT INTO "Sequence" ("name", "value") VALUES ('message', ${count})
    ON CONFLICT ("name") DO UPDATE SET "value" = "value" + excluded."value"
    RETURNING "value"`;
  if (!row) throw new Error("the message-id sequence answered nothing");
  return Number(row.value) - count + 1;
}

function archivesOf(audience: Audience): string[] {
  if (audience.kind === "public") return [audience.channel];
  if (audience.kind === "everyone") return publicChannelIds(); // settings.json's and created ones (issue 16)
  return [];
}

function writeArchives(entry: Pick<Pending, "audience" | "ops">): void {
  for (const channel of archivesOf(entry.audience)) {
    const archive = archiveFile(channel);
    archive.write(() => applyOps(archive, entry.ops, 0));
  }
}

/** Plain deliveries (what crosses to the worker): the entries without their bookkeeping. */
const plain = (entries: readonly Pending[]): JournalDelivery[] =>
  entries.map(({ journalId, audience, ops, readBy }) => ({ journalId, audience, ops, readBy }));

/**
 * Writes deliveries to one user's file on this thread. A reader catching up (`cached`) goes through
 * the cache of open files; the fan-out without workers visits the file without caching it, so a
 * delivery to a thousand users leaves the cache to the files people are reading.
 */
function writeUser(user: string, entries: readonly Pending[], access: "cached" | "visit"): void {
  if (entries.length === 0) return;
  const apply = (file: MessageFile) => deliverToFile(file, user, entries);
  try {
    if (!userFileExists(user)) return; // a hard-deleted account: nothing to deliver to
    if (access === "cached") apply(userFile(user));
    else visitUserFile(user, apply);
  } catch (err) {
    // One broken file must not stop everyone else's copy; it is reported and skipped.
    if (!(err instanceof StoreError)) throw err;
    console.error(`[delivery] a write for ${user} was not applied: ${err.message}`);
  }
  for (const entry of entries) entry.done.add(user);
}

/** Every user a batch goes to, in a stable order. */
async function recipientsOf(batch: readonly Pending[]): Promise<string[]> {
  const users = new Set<string>();
  if (batch.some((entry) => entry.audience.kind !== "users")) for (const user of await allUsernames()) users.add(user);
  for (const entry of batch) if (entry.audience.kind === "users") for (const user of entry.audience.users) users.add(user);
  return [...users];
}

/** The batch written by the workers; false if they failed (the batch is then still to be written). */
async function writeWithWorkers(batch: readonly Pending[], users: string[]): Promise<boolean> {
  const s = state();
  const pool = s.workerFailures < WORKER_FAILURES_TO_GIVE_UP ? fanoutPool() : null;
  if (!pool) return false;
  try {
    const failed = await pool.run(paths().userDir, plain(batch), users, (written) => {
      for (const user of written) for (const entry of batch) entry.done.add(user);
    });
    for (const report of failed) console.error(`[delivery] a write for ${report} was not applied`);
    s.workerFailures = 0;
    return true;
  } catch (err) {
    s.workerFailures++;
    const givingUp = s.workerFailures >= WORKER_FAILURES_TO_GIVE_UP ? "; the workers are off until the next start" : "";
    console.error(`[delivery] the fan-out worker failed; this batch is written on the request thread${givingUp}`, err);
    return false;
  }
}

/** The batch written on this thread, in slices that yield to the event loop. */
async function writeHere(batch: readonly Pending[], users: string[]): Promise<void> {
  let sliceStart = performance.now();
  let inSlice = 0;
  for (const user of users) {
    writeUser(user, batch.filter((entry) => !entry.done.has(user) && isRecipient(entry, user)), "visit");
    if (++inSlice >= FILES_PER_SLICE || performance.now() - sliceStart >= SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = performance.now();
      inSlice = 0;
    }
  }
}

/** Writes the pending deliveries at the head of the queue to every recipient, then clears their journal entries. */
async function drain(): Promise<void> {
  const s = state();
  while (s.queue.length > 0) {
    const batch = s.queue.slice();
    const users = await recipientsOf(batch);
    if (!(await writeWithWorkers(batch, users))) await writeHere(batch, users);
    await db().fanoutJournal.deleteMany({ where: { id: { in: batch.map((entry) => entry.journalId) } } });
    s.queue.splice(0, batch.length);
  }
}

/** Starts draining unless a drain is running; the drain always starts on a later tick. */
function kick(): void {
  const s = state();
  if (s.draining) return;
  s.draining = Promise.resolve()
    .then(drain)
    .catch((err: unknown) => console.error("[delivery] background delivery failed; the journal keeps it for the next start", err))
    .finally(() => {
      s.draining = null;
      for (const wake of s.idleWaiters.splice(0)) wake();
    });
}

/**
 * Journals a write, applies it to the archives, and queues the copies. Resolves once the write is
 * durable; the copies follow in the background (readers catch up first). Submits take turns, so
 * journal order, archive order and queue order are one order.
 */
export function submit(channel: string, audience: Audience, ops: Op[], readBy: ReadBy = []): Promise<void> {
  const s = state();
  const turn = s.submitting.then(() => journal(channel, audience, ops, readBy));
  s.submitting = turn.catch(() => undefined);
  return turn;
}

async function journal(channel: string, audience: Audience, ops: Op[], readBy: ReadBy): Promise<void> {
  const firstId = ops.find((op) => op.op === "insert")?.rows[0]?.id ?? null;
  const { id } = await db().fanoutJournal.create({
    data: {
      kind: audience.kind,
      channel,
      messageId: firstId,
      payload: JSON.stringify({ audience, ops, readBy }),
      recipients: audience.kind === "users" ? audience.users.join(",") : audience.kind,
      createdAt: nowSeconds(),
    },
    select: { id: true },
  });
  const entry: Pending = { journalId: id, audience, ops, readBy, done: new Set() };
  writeArchives(entry);
  state().queue.push(entry);
  kick();
}

/** Submits and waits until every copy is written (system notices, tests, replays). */
export async function deliverNow(channel: string, audience: Audience, ops: Op[], readBy: ReadBy = []): Promise<void> {
  await submit(channel, audience, ops, readBy);
  await settled();
}

/** Brings one user's file up to date with every pending delivery that concerns them. */
export function catchUp(user: string): void {
  const { queue } = state();
  if (queue.length === 0) return;
  writeUser(user, queue.filter((entry) => !entry.done.has(user) && isRecipient(entry, user)), "cached");
}

/** Resolves when no delivery is pending. */
export function settled(): Promise<void> {
  const s = state();
  if (s.queue.length === 0 && !s.draining) return Promise.resolve();
  return new Promise((resolve) => s.idleWaiters.push(resolve));
}

/**
 * Finishes every delivery a previous process left unfinished; answers how many it replayed. Called at
 * start-up before the server takes requests (instrumentation), so what it queues comes before any new
 * send, as the journal's order says.
 */
export async function replayJournal(): Promise<number> {
  const s = state();
  const turn = s.submitting.then(requeueJournal); // in its turn, so the queue stays in journal order
  s.submitting = turn.catch(() => undefined);
  const replayed = await turn;
  await settled();
  return replayed;
}

async function requeueJournal(): Promise<number> {
  const queued = new Set(state().queue.map((entry) => entry.journalId));
  const entries = await db().fanoutJournal.findMany({ orderBy: { id: "asc" } });
  let replayed = 0;
  for (const row of entries) {
    if (queued.has(row.id)) continue; // this process's own, still on its way
    const parsed = journalEntry.safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      console.error(`[delivery] journal entry ${row.id} is unreadable and was left in place`);
      continue;
    }
    const entry: Pending = { journalId: row.id, ...parsed.data, done: new Set() };
    writeArchives(entry); // idempotent: the archive may already have it
    state().queue.push(entry);
    replayed++;
  }
  kick();
  return replayed;
}
