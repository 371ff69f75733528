// The fan-out worker (issue 13): copies are written by worker threads, off the request thread, in
// journal order; a reader who gets to their file first catches up on the request thread, and the two
// never apply an older write over a newer one; a worker that dies mid-batch loses nothing (the batch
// is written on the request thread and the journal keeps it until every copy exists).
import fs from "node:fs";
import path from "node:path";
import { db, nowSeconds } from "@/lib/db/client";
import { newRow, type Audience, type MessageRow, type Op } from "@/lib/messages";
import { SqliteMessageStore } from "@/lib/messages/sqlite";
import { deliverToFile, type JournalDelivery } from "@/lib/messages/sqlite/deliver-file";
import { allocateIds, settled, submit } from "@/lib/messages/sqlite/delivery";
import { fanoutPool } from "@/lib/messages/sqlite/fanout";
import { WORKER_NICENESS } from "@/lib/messages/sqlite/fanout-worker";
import { rowById } from "@/lib/messages/sqlite/rows";
import { openMessageFile, userFile } from "@/lib/messages/sqlite/store";
import { newUser } from "./helpers/http";

const store = new SqliteMessageStore();
const USERS = 60;
const everyone = Array.from({ length: USERS }, (_, i) => `fw${String(i).padStart(2, "0")}`);

beforeAll(async () => {
  for (const user of everyone) await newUser(user);
  await settled();
}, 120_000);

async function sendPublic(content: string): Promise<MessageRow> {
  const row = newRow({ id: await allocateIds(1), channel: "general", sender: everyone[0]!, content, ts: nowSeconds() });
  await submit("general", { kind: "public", channel: "general" }, [{ op: "insert", rows: [row] }]);
  return row;
}

const edit = (id: number, content: string) =>
  submit("general", { kind: "public", channel: "general" }, [
    { op: "patch", ids: [id], set: { content, edited: 1, edited_ts: nowSeconds(), updated_ts: nowSeconds() } },
  ]);

describe("a message file's delivery mark", () => {
  it("applies each journal entry once, in order, and never an older one after a newer one", () => {
    // A file of its own: the journal ids here are made up, and a real user's file would keep the mark.
    const file = openMessageFile(path.join(process.env.DATA_DIR!, "mark-test.db"), true);
    try {
      const user = "marktest";
      const row = newRow({ id: 1, channel: "general", sender: "someone", content: "first words", ts: 1 });
      const entry = (journalId: number, ops: Op[], audience: Audience = { kind: "public", channel: "general" }): JournalDelivery => ({
        journalId,
        audience,
        ops,
        readBy: [],
      });
      const patch = (journalId: number, content: string) => entry(journalId, [{ op: "patch", ids: [row.id], set: { content } }]);
      expect(deliverToFile(file, user, [entry(1, [{ op: "insert", rows: [row] }])])).toBe(1);
      // A reader caught up with two edits; a late writer then brings the first of them again.
      expect(deliverToFile(file, user, [patch(2, "second"), patch(3, "third")])).toBe(2);
      expect(deliverToFile(file, user, [patch(2, "second")])).toBe(0);
      expect(rowById(file, row.id)?.content).toBe("third");
      // An entry for someone else is passed over.
      expect(deliverToFile(file, user, [{ ...patch(4, "not for you"), audience: { kind: "users", users: ["other"] } }])).toBe(0);
      expect(deliverToFile(file, user, [patch(5, "fifth")])).toBe(1);
      expect(rowById(file, row.id)?.content).toBe("fifth");
      expect(file.stmt<[], { through: number }>("SELECT through FROM delivered").get()?.through).toBe(5);
    } finally {
      file.close();
    }
  });
});

describe("the fan-out worker", () => {
  it("writes every copy off the request thread, and readers racing it see every acknowledged write, last edit last", async () => {
    expect(fanoutPool()).not.toBeNull();
    const rows: MessageRow[] = [];
    for (let n = 0; n < 12; n++) {
      const row = await sendPublic(`release ${n}`);
      rows.push(row);
      // Edits of one message in quick succession, while the copies of the earlier ones are on their way.
      for (let v = 1; v <= 3; v++) await edit(row.id, `release ${n}, version ${v}`);
      // Readers get there first for some users: what they see is everything acknowledged so far.
      for (const user of [everyone[(n * 7) % USERS]!, everyone[(n * 13 + 5) % USERS]!]) {
        const seen = await store.changesAfter(user, "general", 0);
        for (const sent of rows) expect(seen.find((r) => r.id === sent.id)?.content).toBe(`release ${rows.indexOf(sent)}, version 3`);
      }
    }
    await settled();
    expect(await db().fanoutJournal.count()).toBe(0);
    expect(fanoutPool()!.takePeakOpenFiles()).toBeGreaterThan(0); // the workers wrote copies
    for (const user of everyone) {
      const file = userFile(user);
      for (const [n, row] of rows.entries()) expect(rowById(file, row.id)?.content).toBe(`release ${n}, version 3`);
    }
  }, 120_000);

  it("runs below the request thread's priority, so requests are served first when the cores are busy", async () => {
    await sendPublic("a copy for everyone");
    await settled();
    // Linux: each thread's nice value is field 19 of /proc/self/task/<tid>/stat.
    const niceOf = (tid: string) => {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
    };
    const niceness = fs.readdirSync("/proc/self/task").map(niceOf);
    expect(niceness.filter((n) => n === WORKER_NICENESS)).toHaveLength(2); // the two workers
    expect(niceOf(String(process.pid))).toBe(0); // the request thread (the process's main thread)
  });

  it("loses nothing when a worker dies in the middle of a batch: the request thread writes it", async () => {
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const pool = fanoutPool()!;
      const run = pool.run.bind(pool);
      // The next batch: handed to the workers, which are terminated at once, wherever they are.
      const stopped = jest.spyOn(pool, "run").mockImplementationOnce((...args) => {
        const written = run(...args);
        pool.stop();
        return written;
      });
      const rows: MessageRow[] = [];
      for (let n = 0; n < 5; n++) rows.push(await sendPublic(`before the crash ${n}`));
      await settled();
      expect(stopped).toHaveBeenCalled();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining("the fan-out worker failed"), expect.anything());
      stopped.mockRestore();
      // Fresh workers take the next batches, and the stopped ones, exiting late, fail none of them.
      errors.mockClear();
      fanoutPool()!.takePeakOpenFiles();
      for (let n = 0; n < 5; n++) rows.push(await sendPublic(`after the crash ${n}`));
      await settled();
      expect(errors).not.toHaveBeenCalled();
      expect(fanoutPool()!.takePeakOpenFiles()).toBeGreaterThan(0);
      expect(await db().fanoutJournal.count()).toBe(0);
      for (const user of everyone) {
        const file = userFile(user);
        for (const row of rows) expect(rowById(file, row.id)?.content).toBe(row.content);
      }
    } finally {
      errors.mockRestore();
    }
  }, 120_000);
});
