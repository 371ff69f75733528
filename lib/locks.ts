/**
 * Keyed async locks: work under the same key runs one at a time, in arrival order. Used where a
 * write reads before it writes (a merge appends to what is there).
 *
 * In-process only: with several instances, two requests for one key on two instances run at once, so
 * nothing may rely on these for correctness across instances. Where they are used:
 * - `bak:<user>` (lib/bak/users.ts): the write is a compare-and-set on the row it read, so a command
 *   that lost a race reads again; the lock only saves this instance the retry.
 * - `guest:<id>` (lib/tribune/state.ts): a guest's BaK and owned ids are read, changed and written
 *   whole; two instances at once can lose one change (a /bak rule or an owned id). The same
 *   compare-and-set (update where bak and owned are still what was read, else read again) fixes it.
 * - `author:<user>:<channel>` (lib/messaging/write.ts): an author's edits and deletes of one message
 *   re-check ownership on their turn. Across instances an edit and a delete can interleave; the
 *   store must then apply patches of one message in `updated_ts` order in every copy (a patch only
 *   if newer than the row), or copies may end on different versions. Storage merges (the only
 *   append) are not used by any face (port decision 12).
 */
import { singleton } from "@/lib/globals";

const tails = () => singleton("keyed-locks", () => new Map<string, Promise<unknown>>());

export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const map = tails();
  const previous = map.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  map.set(key, tail);
  try {
    return await run;
  } finally {
    if (map.get(key) === tail) map.delete(key);
  }
}
