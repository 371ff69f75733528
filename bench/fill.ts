/**
 * Fills one user's message file with `count` realistic chat messages, for the search benchmark (P4).
 * Run with the server stopped (the server keeps files open through its handle cache):
 *
 *   node --import tsx bench/fill.ts <file.db> <count> [firstId] [channel]
 *
 * Rows go through the store's own insertRows/newRow (so the FTS triggers index them as the app would),
 * ~10,000 per transaction, with ids from firstId (default 10,000,000: far above the ids the server
 * handed out) and timestamps over the past two years in id order. Text is drawn from a Zipf-weighted
 * vocabulary so 3-letter terms hit a realistic spread of rows. Deterministic (seeded).
 */
import { newRow, insertRows, type MessageRow } from "@/lib/messages/sqlite/rows";
import { openMessageFile } from "@/lib/messages/sqlite/store";
import vocabulary from "./vocabulary.json";

const [file, countArg, firstIdArg, onlyChannel] = process.argv.slice(2);
if (!file || !countArg) {
  console.error("usage: node --import tsx bench/fill.ts <file.db> <count> [firstId] [channel]");
  process.exit(2);
}
const count = Number(countArg);
const firstId = firstIdArg ? Number(firstIdArg) : 10_000_000;
const BATCH = 10_000;

/** mulberry32: a small seeded generator, so every run fills the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(0x5eed);

// Ordered roughly by how often they occur in team chat; sampled with Zipf weights below.
const WORDS: string[] = vocabulary.words;

// Zipf-ish cumulative weights: word k has weight 1/(k+10).
const cumulative: number[] = [];
let total = 0;
for (let k = 0; k < WORDS.length; k++) {
  total += 1 / (k + 10);
  cumulative.push(total);
}
function word(): string {
  const x = random() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return WORDS[lo]!;
}

const SENDERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "olivia", "peggy", "trent", "victor", "walter"];
const CHANNELS = ["general", "general", "general", "software", "software", "off-topic"];
const EXTRAS = [
  () => ` https://example.com/${word().toLowerCase()}/${Math.floor(random() * 10_000)}`,
  () => ` #${Math.floor(random() * 5_000)}`,
  () => ` ${Math.floor(random() * 100)}%`,
  () => ` \`${word().toLowerCase()}_${word().toLowerCase()}()\``,
  () => " :)",
  () => "?",
  () => "!",
];

function sentence(): string {
  const length = 3 + Math.floor(random() * random() * 30); // short messages dominate
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(word());
  let text = words.join(" ");
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (random() < 0.3) text += EXTRAS[Math.floor(random() * EXTRAS.length)]!();
  return text;
}

const target = openMessageFile(file, false);
const now = Date.now() / 1000;
const span = 2 * 365 * 24 * 3600;
const started = Date.now();
let inserted = 0;
for (let offset = 0; offset < count; offset += BATCH) {
  const rows: MessageRow[] = [];
  for (let i = offset; i < Math.min(count, offset + BATCH); i++) {
    const ts = now - span + (span * i) / count;
    rows.push(
      newRow({
        id: firstId + i,
        channel: onlyChannel ?? CHANNELS[Math.floor(random() * CHANNELS.length)]!,
        sender: SENDERS[Math.floor(random() * SENDERS.length)]!,
        content: sentence(),
        ts,
        read: 1,
      }),
    );
  }
  inserted += insertRows(target, rows);
}
target.db.pragma("wal_checkpoint(TRUNCATE)");
target.db.exec("ANALYZE");
target.close();
console.log(JSON.stringify({ inserted, seconds: (Date.now() - started) / 1000 }));
