/**
 * P4's searches without HTTP: the same terms as bench/run.mjs's P4 (same generator, same 20 + 300),
 * run in-process on a message file by lib/messages/sqlite/queries.ts's searchMessages, so the query's
 * own time can be set beside the HTTP figure. The file is opened read-only by a connection of its own
 * (store's pragmas); nothing is written. Fill a file first with bench/fill.ts.
 *
 *   node --import tsx bench/search-inprocess.ts <file.db> [rounds=3] [--slow N] [--plan]
 *
 * Prints p50 / p95 / p99 / max of each round (ms), the slowest terms with their hit counts, and with
 * --plan the query plan of a 3+ letter search.
 */
import fs from "node:fs";
import os from "node:os";
import { searchMessages } from "@/lib/messages/sqlite/queries";
import { openMessageFile } from "@/lib/messages/sqlite/store";
import { searchTerms } from "./search-terms.mjs";

const args = process.argv.slice(2);
const file = args[0];
if (!file || !fs.existsSync(file)) {
  console.error("usage: node --import tsx bench/search-inprocess.ts <file.db> [rounds] [--slow N] [--plan]");
  process.exit(2);
}
const rounds = Number(args[1] && !args[1].startsWith("--") ? args[1] : 3);
const slowAt = args.indexOf("--slow");
const slowCount = slowAt >= 0 ? Number(args[slowAt + 1]) : 10;
const VISIBLE = ["general", "software", "off-topic"]; // bench/run.mjs's SETTINGS.channels
const WARMUP = 20;
const SEARCHES = 300;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const target = openMessageFile(file, false);
const terms = searchTerms(WARMUP + SEARCHES);
if (args.includes("--plan")) {
  const plan = target.db
    .prepare(
      `EXPLAIN QUERY PLAN SELECT m.id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
       WHERE messages_fts MATCH '"the"' AND m.deleted = 0 ORDER BY messages_fts.rowid DESC LIMIT 50`,
    )
    .all();
  console.log(plan);
}
const perTerm = new Map<string, { ms: number; hits: number }>();
for (let round = 0; round < rounds; round++) {
  const times: number[] = [];
  for (let i = 0; i < terms.length; i++) {
    const started = performance.now();
    const hits = searchMessages(target, { q: terms[i], visible: VISIBLE, limit: 50 });
    const ms = performance.now() - started;
    if (i < WARMUP) continue;
    times.push(ms);
    const prev = perTerm.get(terms[i]!);
    if (!prev || prev.ms < ms) perTerm.set(terms[i]!, { ms, hits: hits.length });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(3);
  console.log(
    `round ${round + 1}: n ${times.length} p50 ${f(quantile(sorted, 0.5))} p95 ${f(quantile(sorted, 0.95))} p99 ${f(quantile(sorted, 0.99))} max ${f(sorted.at(-1)!)} ms; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
}
const slowest = [...perTerm].sort((a, b) => b[1].ms - a[1].ms).slice(0, slowCount);
console.log("slowest terms (worst round):", slowest.map(([t, { ms, hits }]) => `${t} ${ms.toFixed(2)} ms ${hits} hits`).join(", "));
target.close();
