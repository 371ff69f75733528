/**
 * The search box's query shapes (issue 16: several words, phrases, exclusions, from:/in: alone,
 * neighbours) timed in-process on one user's message file by lib/messages/sqlite/queries.ts's
 * searchMessages, beside P4's one-term search, so a shape that costs more than a plain term shows.
 *
 *   node --import tsx --conditions=react-server bench/search-operators.ts [<file.db> | --fill N] [rounds=3] [--postgres <url>]
 *
 * With --postgres, the file's rows are also copied into a fresh schema of that database as one
 * user's copies (lib/messages/postgres, dropped at the end) and every shape is timed there too,
 * through PostgresMessageStore.search (one round trip each, on this machine's server).
 * With --fill N (default 10,000 when no file is named) a temporary file is made and filled by
 * bench/fill.ts (same vocabulary and seed as P4), then removed. A named file is opened read-only.
 * Prints p50 / p95 / max per shape (ms) and the mean hit count; never asserts on time.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { PostgresMessageStore } from "@/lib/messages/postgres";
import { searchMessages } from "@/lib/messages/sqlite/queries";
import { openMessageFile } from "@/lib/messages/sqlite/store";
import type { MessageRow, SearchFilters } from "@/lib/messages";
import { searchTerms } from "./search-terms.mjs";
import vocabulary from "./vocabulary.json";

const args = process.argv.slice(2);
const fillAt = args.indexOf("--fill");
const named = args[0] && !args[0].startsWith("--") ? args[0] : undefined;
const rounds = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--fill") ?? 3);
const pgAt = args.indexOf("--postgres");
const pgUrl = pgAt >= 0 ? args[pgAt + 1] : undefined;
const VISIBLE = ["general", "software", "off-topic"]; // bench/fill.ts's channels
const SENDERS = ["alice", "bob", "carol", "dave", "erin"];
const WARMUP = 20;
const SEARCHES = 300;

let file = named;
let temp: string | undefined;
if (!file) {
  const count = fillAt >= 0 ? Number(args[fillAt + 1]) : 10_000;
  temp = fs.mkdtempSync(path.join(os.tmpdir(), "search-operators-"));
  file = path.join(temp, "user.db");
  openMessageFile(file, true).close();
  const filled = spawnSync(process.execPath, ["--import", "tsx", path.join("bench", "fill.ts"), file, String(count)], { stdio: ["ignore", "pipe", "inherit"] });
  if (filled.status !== 0) process.exit(filled.status ?? 1);
  console.log(`filled ${file}: ${filled.stdout.toString().trim()}`);
} else if (!fs.existsSync(file)) {
  console.error("usage: node --import tsx --conditions=react-server bench/search-operators.ts [<file.db> | --fill N] [rounds] [--postgres <url>]");
  process.exit(2);
}

const target = openMessageFile(file, false);
const pieces = searchTerms(WARMUP + SEARCHES);
const words = (vocabulary as { words: string[] }).words.map((w) => w.toLowerCase()).filter((w) => /^[a-z]{3,}$/.test(w)).slice(0, 400);
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const word = () => words[Math.floor(rand() * words.length)]!;
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;

/** Each shape builds its i-th query's filters (deterministic). */
const shapes: [string, (i: number) => Partial<SearchFilters>][] = [
  ["one term (P4)", (i) => ({ q: pieces[i] })],
  ["two words", () => ({ terms: [word(), word()] })],
  ["three words", () => ({ terms: [word(), word(), word()] })],
  ['"two-word phrase"', () => ({ terms: [`${word()} ${word()}`] })],
  ["term -word", (i) => ({ terms: [pieces[i]!], excluded: [word()] })],
  ['term -"phrase" -ok', (i) => ({ terms: [pieces[i]!], excluded: [`${word()} ${word()}`, "ok"] })],
  ["word + 1-2 letter word", () => ({ terms: [word(), pick(["ok", "is", "it", "so"])] })],
  ["from: in: (no words)", () => ({ senders: [pick(SENDERS)], channels: [pick(VISIBLE)] })],
  ["in: -word (no words)", () => ({ channels: [pick(VISIBLE)], excluded: [word()] })],
  ["from:a from:b word", () => ({ terms: [word()], senders: [pick(SENDERS), pick(SENDERS)] })],
  ["one term + context", (i) => ({ q: pieces[i], context: true })],
];

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const f = (x: number) => x.toFixed(3);

async function timeShapes(label: string, run: (filters: SearchFilters) => unknown[] | Promise<unknown[]>) {
  console.log(`${label}: ${rounds} rounds of ${SEARCHES} searches per shape (after ${WARMUP} warm-up); load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log("shape".padEnd(26) + "p50 ms   p95 ms   max ms   mean hits");
  for (const [name, build] of shapes) {
    const times: number[] = [];
    let hits = 0;
    for (let round = 0; round < rounds; round++) {
      seed = 42;
      for (let i = 0; i < WARMUP + SEARCHES; i++) {
        const filters = { visible: VISIBLE, limit: 50, ...build(i) };
        const started = performance.now();
        const found = await run(filters);
        const ms = performance.now() - started;
        if (i < WARMUP) continue;
        times.push(ms);
        hits += found.length;
      }
    }
    const sorted = times.sort((a, b) => a - b);
    console.log(`${name.padEnd(26)}${f(quantile(sorted, 0.5)).padEnd(9)}${f(quantile(sorted, 0.95)).padEnd(9)}${f(sorted.at(-1)!).padEnd(9)}${(hits / times.length).toFixed(1)}`);
  }
}

async function main() {
  await timeShapes(`SQLite ${file}`, (filters) => searchMessages(target, filters));
  if (pgUrl) {
    const schema = `bench_search_${crypto.randomBytes(4).toString("hex")}`;
    const store = new PostgresMessageStore({ connectionString: pgUrl, schema, max: 2 });
    try {
      const user = "benchreader";
      await store.addUser(user);
      const rows = target.db.prepare("SELECT * FROM messages ORDER BY id").all() as MessageRow[];
      for (let at = 0; at < rows.length; at += 1000) {
        await store.deliverNow({ channel: "*", audience: { kind: "users", users: [user] }, ops: [{ op: "insert", rows: rows.slice(at, at + 1000) }] });
      }
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`ANALYZE ${schema}.message_copies`);
      await client.end();
      await timeShapes(`PostgreSQL ${rows.length} rows (schema ${schema})`, (filters) => store.search(user, filters));
    } finally {
      await store.close();
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
  target.close();
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
}

void main();
