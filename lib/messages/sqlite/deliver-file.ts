/**
 * Applies journaled deliveries to one message file: the one piece of delivery code that runs both on
 * the request thread (a reader catching up) and in the fan-out worker (./fanout-worker.ts), so it
 * imports nothing but the file's own SQL.
 *
 * Deliveries carry their journal id and reach a file in journal order. The file records the newest id
 * applied (`delivered.through`, schema v5) in the same transaction as the writes, and skips anything
 * at or below it. Two writers may race for one file (the worker, and a reader catching up first); the
 * transaction lock orders them and the mark makes the second a no-op, so an older edit can never be
 * applied over a newer one, and a replay after a crash skips what was already written.
 */
import type { Audience, MessageRow, Op, ReadBy } from "../model";
import { applyOps } from "./ops";
import { insertRows } from "./rows";
import type { MessageFile } from "./store";

/** One journal entry as delivery code sees it. */
export interface JournalDelivery {
  journalId: number;
  audience: Audience;
  ops: Op[];
  readBy: ReadBy;
}

/** Whether an entry is for this user (public and everyone audiences reach every account). */
export function isRecipient(entry: Pick<JournalDelivery, "audience">, user: string): boolean {
  return entry.audience.kind !== "users" || entry.audience.users.includes(user);
}

const isReader = (readBy: ReadBy, user: string) => readBy === true || readBy.includes(user);

/**
 * Writes the entries meant for `user` (in journal order, ascending ids) into their file in one
 * transaction. Answers how many were applied (entries already past the file's mark are not).
 * Consecutive inserts go in together, so their rows are indexed for search in one statement.
 */
export function deliverToFile(file: MessageFile, user: string, entries: readonly JournalDelivery[]): number {
  if (entries.length === 0) return 0;
  return file.write(() => {
    const mark = file.stmt<[], { through: number }>("SELECT through FROM delivered WHERE only = 0");
    let through = mark.get()?.through ?? 0;
    let applied = 0;
    let newRows: MessageRow[] = [];
    const insertNewRows = () => {
      if (newRows.length > 0) insertRows(file, newRows);
      newRows = [];
    };
    for (const entry of entries) {
      if (entry.journalId <= through || !isRecipient(entry, user)) continue;
      const read = isReader(entry.readBy, user) ? 1 : 0;
      for (const op of entry.ops) {
        if (op.op === "insert") {
          for (const row of op.rows) newRows.push({ ...row, read });
        } else {
          insertNewRows(); // an edit may concern the rows just inserted
          applyOps(file, [op], read);
        }
      }
      through = entry.journalId;
      applied++;
    }
    insertNewRows();
    if (applied > 0) file.stmt<[number]>("UPDATE delivered SET through = ? WHERE only = 0").run(through);
    return applied;
  });
}
