// Memory bounded by design (issue 13): the message files open at once stay within MINIMOST_OPEN_FILES
// while a thousand users' files are written (by the fan-out workers) and read (by the request thread),
// and closing and reopening files in the middle of a fan-out loses nothing and delays nothing. Real
// files in the test's data folder. Open files are SQLite connections (what holds memory), counted by
// the store in each thread; the process's own descriptors (/proc/self/fd) are watched too, so a file
// left open behind the bookkeeping's back would show.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db, nowSeconds } from "@/lib/db/client";
import { resetSingleton } from "@/lib/globals";
import { newRow, type Audience, type MessageRow } from "@/lib/messages";
import { SqliteMessageStore } from "@/lib/messages/sqlite";
import { allocateIds } from "@/lib/messages/sqlite/delivery";
import { fanoutPool } from "@/lib/messages/sqlite/fanout";
import { fanoutWorkersFromEnv } from "@/lib/messages/sqlite/limits";
import { insertRows } from "@/lib/messages/sqlite/rows";
import {
  archiveFile,
  closeAllMessageFiles,
  openFileCount,
  openFileLimit,
  openFileLimitFromEnv,
  takePeakOpenFiles,
} from "@/lib/messages/sqlite/store";
import { invalidateDirectory } from "@/lib/users";

const LIMIT = 8;
const USERS = 1000;
const store = new SqliteMessageStore();
const userDir = () => path.join(process.env.DATA_DIR!, "users");
const channelDir = () => path.join(process.env.DATA_DIR!, "channels");
const name = (i: number) => `fc${String(i).padStart(4, "0")}`;
const everyone = Array.from({ length: USERS }, (_, i) => name(i));

/** Message files (not their -wal/-shm companions) this process has open, by its descriptors. */
function messageFilesOpen(): number {
  let n = 0;
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if ((target.startsWith(userDir()) || target.startsWith(channelDir())) && target.endsWith(".db")) n++;
    } catch {
      // closed while we looked
    }
  }
  return n;
}

/**
 * Watches the open files until stopped. `connections`: the most open at once in both threads, from the
 * store's counts (this thread's, sampled on every turn of the event loop and peaked within a turn,
 * plus the workers' peaks, which they report with each batch; summed, so an upper bound).
 * `descriptors`: the most message-file descriptors the process had, sampled on every turn. SQLite keeps
 * a closed connection's descriptor while another connection of the same process holds a lock on that
 * file (POSIX locks belong to the process, and closing any descriptor of a file drops them all) and
 * reuses it at the next open of the file; so a file the cache holds open can show one more descriptor
 * after a worker wrote it, never more than one per open file.
 */
function watchOpenFiles() {
  takePeakOpenFiles();
  fanoutPool()?.takePeakOpenFiles();
  let here = 0;
  let workers = 0;
  let descriptors = 0;
  let running = true;
  const look = () => {
    here = Math.max(here, openFileCount());
    descriptors = Math.max(descriptors, messageFilesOpen());
    if (running) setImmediate(look);
  };
  look();
  return {
    get connections() {
      here = Math.max(here, openFileCount(), takePeakOpenFiles());
      workers = Math.max(workers, fanoutPool()?.takePeakOpenFiles() ?? 0);
      return here + workers;
    },
    get here() {
      return Math.max(here, takePeakOpenFiles());
    },
    get descriptors() {
      return Math.max(descriptors, messageFilesOpen());
    },
    stop() {
      running = false;
    },
  };
}

async function send(channel: string, audience: Audience, sender: string, content: string): Promise<MessageRow> {
  const row = newRow({ id: await allocateIds(1), channel, sender, content, ts: nowSeconds() });
  await store.submit({ channel, audience, ops: [{ op: "insert", rows: [row] }] });
  return row;
}

const idsIn = async (user: string, channel: string) => (await store.changesAfter(user, channel, 0)).map((r) => r.id);

const previousLimit = process.env.MINIMOST_OPEN_FILES;

beforeAll(async () => {
  closeAllMessageFiles();
  resetSingleton("message-file-cache");
  process.env.MINIMOST_OPEN_FILES = String(LIMIT);
  // A thousand accounts in the directory, each with a view on disk.
  await db().user.createMany({
    data: everyone.map((username) => ({
      username,
      usernameKey: username.toLowerCase(),
      accountId: crypto.randomUUID(),
      passwordHash: "not-a-hash",
      createdAt: nowSeconds(),
    })),
  });
  invalidateDirectory();
  for (const user of everyone) await store.addUser(user);
}, 120_000);

afterAll(async () => {
  await store.settled();
  closeAllMessageFiles();
  resetSingleton("message-file-cache");
  if (previousLimit === undefined) delete process.env.MINIMOST_OPEN_FILES;
  else process.env.MINIMOST_OPEN_FILES = previousLimit;
});

describe("the open-file limit", () => {
  it("comes from MINIMOST_OPEN_FILES, a few dozen by default, and refuses nonsense", () => {
    expect(openFileLimit()).toBe(LIMIT);
    expect(openFileLimitFromEnv({})).toBe(64);
    expect(openFileLimitFromEnv({ MINIMOST_OPEN_FILES: "100" })).toBe(100);
    for (const bad of ["0", "1", "-4", "lots", "2.5", "3"]) {
      expect(() => openFileLimitFromEnv({ MINIMOST_OPEN_FILES: bad })).toThrow("MINIMOST_OPEN_FILES");
    }
    // Each fan-out worker writes one file at a time within the bound; the request thread keeps two.
    expect(openFileLimitFromEnv({ MINIMOST_FANOUT_WORKERS: "0", MINIMOST_OPEN_FILES: "2" })).toBe(2);
    expect(openFileLimitFromEnv({ MINIMOST_FANOUT_WORKERS: "4", MINIMOST_OPEN_FILES: "6" })).toBe(6);
    expect(() => openFileLimitFromEnv({ MINIMOST_FANOUT_WORKERS: "4", MINIMOST_OPEN_FILES: "5" })).toThrow("MINIMOST_OPEN_FILES");
    expect(fanoutWorkersFromEnv({})).toBe(2);
    for (const bad of ["-1", "9", "two", "1.5"]) {
      expect(() => fanoutWorkersFromEnv({ MINIMOST_FANOUT_WORKERS: bad })).toThrow("MINIMOST_FANOUT_WORKERS");
    }
  });

  it("holds while a thousand users' files are created, written and read", async () => {
    const watch = watchOpenFiles();
    try {
      const sent: number[] = [];
      for (let n = 0; n < 10; n++) {
        sent.push((await send("general", { kind: "public", channel: "general" }, name(n), `hello everyone ${n}`)).id);
        // Readers come and go while the copies are written in the background.
        for (let r = 0; r < 20; r++) expect(await idsIn(name((n * 97 + r * 31) % USERS), "general")).toEqual(sent);
      }
      await store.settled();
      for (const user of everyone) expect(await idsIn(user, "general")).toEqual(sent);
      // Retention walks every file too, and leaves no more open than the limit.
      expect(await store.purgeBefore(0)).toBe(0);
      expect(watch.connections).toBeLessThanOrEqual(LIMIT);
      expect(watch.here).toBe(LIMIT - fanoutWorkersFromEnv()); // the cache is used to its share, not bypassed
      expect(watch.descriptors).toBeLessThanOrEqual(2 * LIMIT);
    } finally {
      watch.stop();
    }
    // A file that is not open has had its WAL folded in and removed on close.
    const wals = fs.readdirSync(userDir()).filter((f) => f.endsWith("-wal"));
    expect(wals.length).toBeLessThanOrEqual(LIMIT);
  }, 180_000);

  it("loses nothing and delays nothing when files are closed and reopened mid-fan-out", async () => {
    const watch = watchOpenFiles();
    try {
      // What each user must see, channel by channel, as the sends are acknowledged.
      const expected = new Map<string, Map<string, number[]>>();
      const expect_ = (user: string, channel: string, id: number) => {
        const channels = expected.get(user) ?? new Map<string, number[]>();
        expected.set(user, channels);
        channels.set(channel, [...(channels.get(channel) ?? []), id]);
      };
      const check = async (user: string) => {
        for (const [channel, ids] of expected.get(user) ?? []) expect(await idsIn(user, channel)).toEqual(ids);
      };

      // A long public history for a newcomer, copied in slices while the fan-out runs beside it.
      const first = await allocateIds(2500);
      insertRows(
        archiveFile("off-topic"),
        Array.from({ length: 2500 }, (_, i) => newRow({ id: first + i, channel: "off-topic", sender: name(0), content: `old ${i}`, ts: 1000 + i })),
      );
      const newcomerHistory = store.copyPublicHistory(name(999), ["off-topic"]);

      for (let n = 0; n < 40; n++) {
        const sender = name((n * 13) % USERS);
        if (n % 4 === 0) {
          const row = await send("software", { kind: "public", channel: "software" }, sender, `release note ${n}`);
          for (const user of everyone) expect_(user, "software", row.id);
        } else {
          // A private channel of 200 members, a different slice of users each time.
          const members = Array.from({ length: 200 }, (_, k) => name((n * 37 + k * 5) % USERS));
          const channel = `private:${n % 3}`;
          const row = await send(channel, { kind: "users", users: members }, sender, `private word ${n}`);
          for (const user of members) expect_(user, channel, row.id);
        }
        // The next read of a few recipients has everything acknowledged so far, however far the copies are.
        for (let r = 0; r < 5; r++) await check(name((n * 211 + r * 401) % USERS));
      }
      // Every user reads right away, before the background copies have settled.
      for (const user of everyone) await check(user);
      expect(await newcomerHistory).toBe(2500);
      expect((await store.changesAfter(name(999), "off-topic", 0)).length).toBe(2500);
      await store.settled();
      for (const user of everyone) await check(user);
      expect(watch.connections).toBeLessThanOrEqual(LIMIT);
      expect(watch.descriptors).toBeLessThanOrEqual(2 * LIMIT);
    } finally {
      watch.stop();
    }
  }, 300_000);
});
