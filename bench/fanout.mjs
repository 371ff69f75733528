// The fan-out benchmark (issue 13): at 1,000 users, 200 sends to `general` from 8 concurrent senders,
// and how long after the last acknowledgement every copy exists in every user's file.
//
// "Copies settled" is read from the server's own bookkeeping, not guessed from its CPU: a send is
// journaled in the shared database (the `FanoutJournal` table of DATA_DIR/shared.db) before it is
// acknowledged, and its journal entry is deleted once every recipient's copy is written
// (lib/messages/sqlite/delivery.ts). The journal is read here through a read-only better-sqlite3
// connection every JOURNAL_POLL_MS; the fan-out has settled at the first read, after the last
// acknowledgement, that finds it empty. A few users' files are then opened read-only to check that
// every acknowledged message really is in them. Prints figures; asserts nothing on time.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

export const FANOUT_SENDS = 200;
export const FANOUT_SENDERS = 8;
export const JOURNAL_POLL_MS = 20;
/** Users' files opened after the fan-out to check that every acknowledged message is in them. */
const FILES_CHECKED = 10;
const SEND_DEADLINE_MS = 120_000;
const SETTLE_TIMEOUT_MS = 180_000;

/** Issue 13's target for this figure: every copy written within 2 s of the last acknowledgement. */
export const FANOUT_TARGETS = { settledSeconds: 2 };

const round = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The fan-out journal of a server's data folder, read through a read-only connection. */
export class FanoutJournal {
  constructor(dataDir) {
    this.file = path.join(dataDir, "shared.db");
    this.db = null;
    this.statement = null;
  }

  /** Journal entries not yet delivered to every recipient. */
  count() {
    if (!this.db) {
      this.db = new Database(this.file, { readonly: true, fileMustExist: true });
      this.statement = this.db.prepare('SELECT count(*) AS n FROM "FanoutJournal"');
    }
    return this.statement.get().n;
  }

  /**
   * Reads the journal every `intervalMs` until stopped. `emptyAfter(t)` resolves with the first read
   * taken at or after `t` (performance.now()) that found the journal empty: { at, previousAt } where
   * previousAt is the read before it (the settling happened between the two), or null on timeout.
   */
  watch({ intervalMs = JOURNAL_POLL_MS } = {}) {
    const waiters = [];
    let peak = 0;
    let reads = 0;
    let previousAt = null;
    const tick = () => {
      const at = performance.now();
      const n = this.count();
      reads++;
      peak = Math.max(peak, n);
      for (const w of [...waiters]) {
        if (n === 0 && at >= w.after) {
          waiters.splice(waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve({ at, previousAt });
        }
      }
      previousAt = at;
    };
    tick();
    const timer = setInterval(tick, intervalMs);
    return {
      emptyAfter: (after, timeoutMs = SETTLE_TIMEOUT_MS) =>
        new Promise((resolve) => {
          const w = { after, resolve };
          w.timer = setTimeout(() => {
            waiters.splice(waiters.indexOf(w), 1);
            resolve(null);
          }, timeoutMs);
          waiters.push(w);
        }),
      stop: () => {
        clearInterval(timer);
        for (const w of waiters.splice(0)) {
          clearTimeout(w.timer);
          w.resolve(null);
        }
        return { peak, reads };
      },
    };
  }

  /** Resolves once the journal is empty: { seconds, timedOut }. */
  async waitEmpty(timeoutMs = SETTLE_TIMEOUT_MS) {
    const started = performance.now();
    const watcher = this.watch();
    const empty = await watcher.emptyAfter(started, timeoutMs);
    watcher.stop();
    return { seconds: ((empty?.at ?? performance.now()) - started) / 1000, timedOut: empty === null };
  }

  close() {
    this.db?.close();
    this.db = null;
  }
}

/** The users' message files in a data folder (the fan-out's recipients). */
function userFiles(dataDir) {
  const dir = path.join(dataDir, "users");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".db"))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Opens `count` users' files spread over the list and counts the given message ids in each. */
function checkCopies(files, ids, count) {
  const picked = [...new Set(Array.from({ length: Math.min(count, files.length) }, (_, i) => files[Math.floor((i * (files.length - 1)) / Math.max(1, count - 1))]))];
  let missing = 0;
  const incomplete = [];
  for (const file of picked) {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const have = db.prepare("SELECT count(*) AS n FROM messages WHERE id IN (SELECT value FROM json_each(?))").get(JSON.stringify(ids)).n;
      if (have < ids.length) {
        missing += ids.length - have;
        incomplete.push(path.basename(file));
      }
    } finally {
      db.close();
    }
  }
  return { filesChecked: picked.length, missingCopies: missing, incompleteFiles: incomplete };
}

/**
 * 200 sends to `general` from 8 concurrent senders (closed loop), the journal read every 20 ms
 * throughout. `tools`: { request, summarize, procStats, waitIdle, log }.
 */
export async function benchFanout(server, users, tools) {
  const { request, summarize, procStats, waitIdle, log } = tools;
  const pid = server.serverPid();
  const journal = new FanoutJournal(server.dataDir);
  try {
    // A quiet start: nothing left to deliver from earlier work, the server idle.
    const before = await journal.waitEmpty();
    if (before.timedOut) throw new Error(`fan-out: the journal still held ${journal.count()} entries after ${SETTLE_TIMEOUT_MS / 1000} s`);
    await waitIdle(pid);
    const recipients = userFiles(server.dataDir).length;
    const senders = users.slice(0, Math.min(FANOUT_SENDERS, users.length));
    const acks = [];
    const ids = [];
    let failures = 0;
    let next = 0;
    let lastAckAt = 0;
    const watcher = journal.watch();
    const cpuBefore = procStats(pid);
    const firstSendAt = performance.now();
    const deadline = firstSendAt + SEND_DEADLINE_MS;
    await Promise.all(
      senders.map(async (sender) => {
        while (next < FANOUT_SENDS && performance.now() < deadline) {
          const n = next++;
          const res = await request(server.base, "POST", "/send/general", {
            token: sender.token,
            form: { text: `fan-out check ${n} from ${sender.username}: the build is green again` },
          });
          const id = Number(res.headers["x-message-id"]);
          if (res.status === 200 && Number.isSafeInteger(id)) {
            acks.push(res.ms);
            ids.push(id);
            lastAckAt = Math.max(lastAckAt, performance.now());
          } else failures++;
        }
      }),
    );
    const sendSeconds = (lastAckAt - firstSendAt) / 1000;
    const empty = await watcher.emptyAfter(lastAckAt);
    const { peak, reads } = watcher.stop();
    const cpuAfter = procStats(pid);
    const settledSeconds = empty ? (empty.at - lastAckAt) / 1000 : null;
    const totalSeconds = empty ? (empty.at - firstSendAt) / 1000 : null;
    const copies = ids.length * recipients;
    const check = empty ? checkCopies(userFiles(server.dataDir), ids, FILES_CHECKED) : null;
    const s = summarize(acks);
    const entry = {
      users: users.length,
      recipients,
      senders: senders.length,
      sends: ids.length,
      failures,
      sendSeconds: round(sendSeconds, 2),
      ackP50: round(s.p50),
      ackP99: round(s.p99),
      settledAfterLastAckSeconds: round(settledSeconds, 2),
      settledResolutionMs: empty && empty.previousAt !== null ? round(Math.max(0, empty.at - Math.max(empty.previousAt, lastAckAt)), 0) : null,
      firstSendToSettledSeconds: round(totalSeconds, 2),
      copies,
      copiesPerSecond: totalSeconds ? round(copies / totalSeconds, 0) : null,
      journalPeak: peak,
      journalReads: reads,
      serverCpuSecondsToSettled: cpuBefore && cpuAfter ? round(cpuAfter.cpuSeconds - cpuBefore.cpuSeconds, 2) : null,
      timedOut: empty === null,
      ...(check ?? {}),
    };
    log(
      `fan-out ${entry.users} users: ${entry.sends} sends (${entry.senders} senders) in ${entry.sendSeconds} s, ack p50 ${entry.ackP50} ms; ` +
        (empty
          ? `journal empty ${entry.settledAfterLastAckSeconds} s after the last ack (peak ${peak} entries); ${entry.copies.toLocaleString("en")} copies in ${entry.firstSendToSettledSeconds} s = ${entry.copiesPerSecond.toLocaleString("en")}/s; ${entry.filesChecked} files checked, ${entry.missingCopies} copies missing`
          : `journal not empty ${SETTLE_TIMEOUT_MS / 1000} s after the last ack`),
    );
    await waitIdle(pid);
    return entry;
  } finally {
    journal.close();
  }
}

const met = (ok) => (ok === null ? "—" : ok ? "met" : "not met");

/** Rows for the bench table: [benchmark, metric, value, reference, target (met / not met)]. */
export function fanoutRows(f) {
  if (!f) return [];
  const fmt = (v, unit) => (v === null || v === undefined ? "—" : `${v.toLocaleString("en")}${unit ? " " + unit : ""}`);
  const label = `Fan-out, ${f.users} users: ${f.sends} sends, ${f.senders} senders`;
  const applies = f.users >= 1000;
  const settledOk = f.settledAfterLastAckSeconds === null ? false : f.settledAfterLastAckSeconds <= FANOUT_TARGETS.settledSeconds && f.missingCopies === 0;
  return [
    [label, "copies settled after the last ack (journal empty)", f.timedOut ? "not settled" : fmt(f.settledAfterLastAckSeconds, "s"), "—", applies ? `≤ ${FANOUT_TARGETS.settledSeconds} s: ${met(settledOk)}` : "—"],
    [label, "copies settled /s (msgs × recipients, first send → settled)", fmt(f.copiesPerSecond), "—", "—"],
    [label, "ack p50 / p99", `${fmt(f.ackP50, "ms")} / ${fmt(f.ackP99, "ms")}`, "—", "—"],
    [label, "copies checked in users' files", f.filesChecked === undefined ? "—" : `${f.filesChecked} files, ${f.missingCopies} missing`, "—", "—"],
  ];
}

/** One line for RESULTS.md's "how each figure is measured". */
export function fanoutHow() {
  return `- **Fan-out**: after the journal is empty and the server idle, ${FANOUT_SENDERS} users send ${FANOUT_SENDS} messages to \`general\` concurrently (closed loop). The fan-out journal (the \`FanoutJournal\` table of the server's DATA_DIR/shared.db, an entry written before each ack and deleted once every recipient's copy exists) is read every ${JOURNAL_POLL_MS} ms through a read-only better-sqlite3 connection; "copies settled" is the first read after the last ack that finds it empty. Throughput = acknowledged messages × recipients (users' files in the data folder) / seconds from the first send to settled. Then ${FILES_CHECKED} users' files spread over the list are opened read-only and must hold every acknowledged message id. Target from issue 13 (≤ ${FANOUT_TARGETS.settledSeconds} s after the last ack at 1,000 users), printed with met / not met, never asserted.`;
}
