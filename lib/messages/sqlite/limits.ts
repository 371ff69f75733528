/**
 * How much of the machine the message files may use, from the environment: the open-file bound
 * (MINIMOST_OPEN_FILES) and the fan-out worker threads (MINIMOST_FANOUT_WORKERS). Read by the request
 * thread and by the workers alike, so it imports nothing.
 */

/**
 * Open files at once when MINIMOST_OPEN_FILES does not say: a few dozen, whatever the user count. A
 * file in full use (polls, a delivered message, a search) holds about 440 KiB (measured on a
 * 1,000-message file), so 64 cost under 30 MB; a reader whose file is not open pays an open (about a
 * millisecond on ext4) on each read, so the bound should cover the users polling at the same time.
 */
export const DEFAULT_OPEN_FILES = 64;

/**
 * Fan-out worker threads when MINIMOST_FANOUT_WORKERS does not say. Writing a copy is mostly waiting
 * for the disk (opening a file, committing, folding its WAL back in on close); two threads writing at
 * once share the file system's journal commits: on this project's 2-core machine a 1,000-user pass took
 * about 5 ms a file with one worker and about 0.65 ms with two (four or eight did no better).
 */
export const DEFAULT_FANOUT_WORKERS = 2;

type Env = Readonly<Record<string, string | undefined>>;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min}${max === Infinity ? " up" : ` to ${max}`}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

/** The fan-out worker count from MINIMOST_FANOUT_WORKERS: 0 (copies written on the request thread) to 8. */
export function fanoutWorkersFromEnv(env: Env = process.env): number {
  return wholeNumber(env, "MINIMOST_FANOUT_WORKERS", DEFAULT_FANOUT_WORKERS, 0, 8);
}

/**
 * The open-file bound from MINIMOST_OPEN_FILES: message files open at once in the whole process, the
 * request thread's cache and each fan-out worker's one file together. The cache always keeps room for
 * two (a delivery touches an archive and a user's file), so the bound is at least the workers plus two.
 */
export function openFileLimitFromEnv(env: Env = process.env): number {
  const workers = fanoutWorkersFromEnv(env);
  return wholeNumber(env, "MINIMOST_OPEN_FILES", DEFAULT_OPEN_FILES, workers + 2, Infinity);
}
