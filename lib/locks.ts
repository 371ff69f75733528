/**
 * Keyed async locks: work under the same key runs one at a time, in arrival order. Used where a
 * write reads before it writes (a merge appends to what is there). In-process, like the caches.
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
