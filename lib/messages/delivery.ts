/**
 * Crash-safe delivery of new messages to many files (port decision 2).
 *
 * 1. ids come from the shared sequence; 2. the delivery is journaled in the shared database;
 * 3. a public channel's archive gets its copy; 4. every recipient's file gets its copy
 * (INSERT OR IGNORE on the global id, so a replay never duplicates); 5. the journal entry goes.
 * Start-up replays whatever is left in the journal.
 *
 * Recipients of a public channel are read after the archive write: a user who registers meanwhile
 * either is in that list or copies the message from the archive when their history is backfilled.
 */
import "server-only";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { z } from "zod";
import { db, nowSeconds } from "@/lib/db/client";
import { allUsernames } from "@/lib/users";
import { insertRows, type MessageRow } from "./rows";
import { archiveFile, StoreError, userFile } from "./store";

/** Files written between two yields to the event loop: a big fan-out never blocks other requests long. */
const FILES_PER_SLICE = 32;

export type Audience = { kind: "public"; channel: string } | { kind: "users"; users: string[] };

const journalPayload = z.object({
  rows: z.array(z.custom<MessageRow>((v) => typeof v === "object" && v !== null && typeof (v as MessageRow).id === "number")),
  readBy: z.union([z.literal(true), z.array(z.string())]),
});

/** Whose copies are written already read: a list of users, or `true` for everyone (system notices). */
export type ReadBy = true | string[];

const isReader = (readBy: ReadBy, user: string) => readBy === true || readBy.includes(user);

/** Reserves `count` consecutive ids from the shared sequence; returns the first. */
export async function allocateIds(count = 1): Promise<number> {
  const [row] = await db().$queryRaw<{ value: bigint | number }[]>`
    INSERT INTO "Sequence" ("name", "value") VALUES ('message', ${count})
    ON CONFLICT ("name") DO UPDATE SET "value" = "value" + excluded."value"
    RETURNING "value"`;
  return Number(row.value) - count + 1;
}

async function writeCopies(rows: MessageRow[], audience: Audience, readBy: ReadBy): Promise<void> {
  if (audience.kind === "public") insertRows(archiveFile(audience.channel), rows, 0);
  const recipients = audience.kind === "public" ? await allUsernames() : audience.users;
  for (let start = 0; start < recipients.length; start += FILES_PER_SLICE) {
    for (const user of recipients.slice(start, start + FILES_PER_SLICE)) {
      try {
        insertRows(userFile(user), rows, isReader(readBy, user) ? 1 : 0);
      } catch (err) {
        // One broken or vanished file must not stop everyone else's copy; it is reported.
        if (!(err instanceof StoreError)) throw err;
        console.error(`[delivery] message ${rows[0]?.id} not copied for ${user}: ${err.message}`);
      }
    }
    if (start + FILES_PER_SLICE < recipients.length) await yieldToEventLoop();
  }
}

/** Delivers rows (already carrying their ids) to an audience; resolves once every copy exists. */
export async function deliver(rows: MessageRow[], audience: Audience, readBy: ReadBy = []): Promise<void> {
  if (rows.length === 0) return;
  const entry = await db().fanoutJournal.create({
    data: {
      kind: audience.kind,
      channel: rows[0].channel,
      messageId: rows[0].id,
      payload: JSON.stringify({ rows, readBy }),
      recipients: JSON.stringify(audience),
      createdAt: nowSeconds(),
    },
    select: { id: true },
  });
  await writeCopies(rows, audience, readBy);
  await db().fanoutJournal.delete({ where: { id: entry.id } });
}

const audienceSchema = z.union([
  z.object({ kind: z.literal("public"), channel: z.string() }),
  z.object({ kind: z.literal("users"), users: z.array(z.string()) }),
]);

/** Finishes every delivery a previous process left unfinished. Returns how many it replayed. */
export async function replayJournal(): Promise<number> {
  const entries = await db().fanoutJournal.findMany({ orderBy: { id: "asc" } });
  for (const entry of entries) {
    const payload = journalPayload.parse(JSON.parse(entry.payload));
    const audience = audienceSchema.parse(JSON.parse(entry.recipients));
    await writeCopies(payload.rows, audience, payload.readBy);
    await db().fanoutJournal.delete({ where: { id: entry.id } });
  }
  return entries.length;
}
