/**
 * Crash-safe, idempotent delivery of writes to many message files (port decision 2).
 *
 * A write is journaled in the shared database first; a public channel's archive is written before
 * the caller is answered, so an acknowledged write is durable. The copies in users' files are then
 * written in the background, many deliveries per file transaction and a few files per turn of the
 * event loop, so a send to a thousand users never holds up other requests. Until a user's copy is
 * written, any read of that user's file first catches up from the pending deliveries (`catchUp`).
 * The journal entry goes once every copy exists; start-up replays whatever a killed process left.
 *
 * Every op is idempotent (see ops.ts), so a replay never duplicates a message.
 */
import "server-only";
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { z } from "zod";
import { settings } from "@/lib/config";
import { db, nowSeconds } from "@/lib/db/client";
import { singleton } from "@/lib/globals";
import { allUsernames } from "@/lib/users";
import type { Audience, Op, ReadBy } from "../model";
import { applyOps } from "./ops";
import { archiveFile, StoreError, userFile, userFileExists, visitUserFile, type MessageFile } from "./store";

export type { Audience, ReadBy };

/**
 * Files written between two yields to the event loop: at most this many, and no more once a slice has
 * taken SLICE_MS (a file the fan-out visits is opened, written and closed, about a millisecond or two).
 */
const FILES_PER_SLICE = 24;
const SLICE_MS = 8;

interface Pending {
  journalId: number;
  audience: Audience;
  ops: Op[];
  readBy: ReadBy;
  /** Users whose copy is written. */
  done: Set<string>;
}

interface DeliveryState {
  queue: Pending[];
  draining: Promise<void> | null;
  idleWaiters: (() => void)[];
}

const state = () => singleton<DeliveryState>("delivery", () => ({ queue: [], draining: null, idleWaiters: [] }));

const journalEntry = z.object({
  audience: z.union([
    z.object({ kind: z.literal("public"), channel: z.string() }),
    z.object({ kind: z.literal("users"), users: z.array(z.string()) }),
    z.object({ kind: z.literal("everyone") }),
  ]),
  ops: z.array(z.custom<Op>((v) => typeof v === "object" && v !== null && typeof (v as Op).op === "string")),
  readBy: z.union([z.literal(true), z.array(z.string())]),
});

const isReader = (readBy: ReadBy, user: string) => readBy === true || readBy.includes(user);

/** Reserves `count` consecutive ids from the shared sequence; returns the first. */
export async function allocateIds(count = 1): Promise<number> {
  const [row] = await db().$queryRaw<{ value: bigint | number }[]>`
    INSERT INTO "Sequence" ("name", "value") VALUES ('message', ${count})
    ON CONFLICT ("name") DO UPDATE SET "value" = "value" + excluded."value"
    RETURNING "value"`;
  if (!row) throw new Error("the message-id sequence answered nothing");
  return Number(row.value) - count + 1;
}

/** The users a delivery goes to: a set for a list audience, null for "every registered user". */
function listedRecipients(audience: Audience): ReadonlySet<string> | null {
  return audience.kind === "users" ? new Set(audience.users) : null;
}

function archivesOf(audience: Audience): string[] {
  if (audience.kind === "public") return [audience.channel];
  if (audience.kind === "everyone") return [...settings().channels];
  return [];
}

function writeArchives(entry: Pick<Pending, "audience" | "ops">): void {
  for (const channel of archivesOf(entry.audience)) {
    const archive = archiveFile(channel);
    archive.write(() => applyOps(archive, entry.ops, 0));
  }
}

/**
 * Writes every given delivery to one user's file in one transaction. A reader catching up (`cached`)
 * goes through the cache of open files; the background fan-out visits the file without caching it, so
 * a delivery to a thousand users leaves the cache to the files people are reading.
 */
function writeUser(user: string, entries: readonly Pending[], access: "cached" | "visit"): void {
  if (entries.length === 0) return;
  const apply = (file: MessageFile) =>
    file.write(() => {
      for (const entry of entries) applyOps(file, entry.ops, isReader(entry.readBy, user) ? 1 : 0);
    });
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

/** Writes the pending deliveries at the head of the queue to every recipient, then clears their journal entries. */
async function drain(): Promise<void> {
  const s = state();
  while (s.queue.length > 0) {
    const batch = s.queue.slice();
    const audiences = batch.map((entry) => listedRecipients(entry.audience));
    const users = audiences.some((a) => a === null) ? new Set(await allUsernames()) : new Set<string>();
    for (const audience of audiences) for (const user of audience ?? []) users.add(user);
    const ordered = [...users];
    let sliceStart = performance.now();
    let inSlice = 0;
    for (const user of ordered) {
      writeUser(
        user,
        batch.filter((entry, i) => !entry.done.has(user) && (audiences[i]?.has(user) ?? true)),
        "visit",
      );
      if (++inSlice >= FILES_PER_SLICE || performance.now() - sliceStart >= SLICE_MS) {
        await yieldToEventLoop();
        sliceStart = performance.now();
        inSlice = 0;
      }
    }
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
 * durable; the copies follow in the background (readers catch up first).
 */
export async function submit(channel: string, audience: Audience, ops: Op[], readBy: ReadBy = []): Promise<void> {
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
  const mine = queue.filter(
    (entry) => !entry.done.has(user) && (entry.audience.kind !== "users" || entry.audience.users.includes(user)),
  );
  writeUser(user, mine, "cached");
}

/** Resolves when no delivery is pending. */
export function settled(): Promise<void> {
  const s = state();
  if (s.queue.length === 0 && !s.draining) return Promise.resolve();
  return new Promise((resolve) => s.idleWaiters.push(resolve));
}

/** Finishes every delivery a previous process left unfinished. Returns how many it replayed. */
export async function replayJournal(): Promise<number> {
  const entries = await db().fanoutJournal.findMany({ orderBy: { id: "asc" } });
  for (const row of entries) {
    const parsed = journalEntry.safeParse(JSON.parse(row.payload));
    if (!parsed.success) {
      console.error(`[delivery] journal entry ${row.id} is unreadable and was left in place`);
      continue;
    }
    const entry: Pending = { journalId: row.id, ...parsed.data, done: new Set() };
    writeArchives(entry); // idempotent: the archive may already have it
    state().queue.push(entry);
  }
  kick();
  await settled();
  return entries.length;
}
