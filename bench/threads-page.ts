/**
 * Threads on the hot read path (issue 16), in-process: what the thread summaries cost `/messages`. A
 * fresh data folder gets #general with 10,000 messages, 1,000 of them thread roots with 1–17 replies
 * each, through the real store and thread tables; then, in alternating rounds on the same data:
 *
 * - "first screen": `listMessages` for the newest 200 rows (`?after=0&limit=200`), which reads the
 *   page's thread facts with one primary-key query, beside the same page shaped without them (the
 *   read path as it was before threads);
 * - "empty poll" (P2's request, `?after=<latest>`): nothing new, so no thread query is made at all.
 *
 *   node --import tsx --conditions=react-server bench/threads-page.ts [rounds=6]
 *
 * Prints p50 / p95 per variant (ms) and the load average; nothing is asserted. The machine is shared.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-bench-threads-"));
process.env.DATA_DIR = path.join(root, "data");
process.env.UPLOAD_DIR = path.join(root, "uploads");
process.env.SETTINGS_FILE = path.join(root, "settings.json");
process.env.AUTH_SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
process.env.PASSWORD_SCRYPT_N = "1024";
for (const key of ["DATABASE_URL", "REDIS_URL", "S3_BUCKET"]) delete process.env[key];
fs.mkdirSync(process.env.DATA_DIR, { recursive: true });
fs.writeFileSync(process.env.SETTINGS_FILE, JSON.stringify({ channels: ["general"], rate_limits: { enabled: false } }));

const MESSAGES = 10_000;
const THREADS = 1_000;
const PAGE = 200;
const ROUNDS = Number(process.argv[2] ?? 6);
const CALLS = 200;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function main() {
  const migrations = "../scripts/migrate.mjs"; // plain JS without types: named through a variable
  const { migrate } = (await import(migrations)) as { migrate: (env: NodeJS.ProcessEnv) => Promise<void> };
  await migrate({ ...process.env });
  const { signup } = await import("@/lib/auth/accounts");
  const { messageStore, newRow } = await import("@/lib/messages");
  const { db } = await import("@/lib/db/client");
  const threads = await import("@/lib/messaging/threads");
  const messaging = await import("@/lib/messaging");
  const { listMessages, present } = await import("@/lib/chat/messages");
  const users = ["alice", "bob", "carol", "dave"];
  for (const username of users) await signup({ username, password: "Passw0rd!", confirm: "Passw0rd!" });
  const store = messageStore();

  // 10,000 rows: every 10th a root, followed by its replies (1–9 here, more on some), the rest plain.
  const first = await store.allocateIds(MESSAGES);
  const rows = [];
  const replyRows: { messageId: number; rootId: number; unitId: number; channel: string; sender: string; ts: number }[] = [];
  const roots: number[] = [];
  let ts = Date.now() / 1000 - MESSAGES;
  let currentRoot: number | null = null;
  for (let i = 0; i < MESSAGES; i++) {
    const id = first + i;
    const sender = users[i % users.length]!;
    ts += 1;
    const isRoot = roots.length < THREADS && i % 10 === 0;
    if (isRoot) {
      roots.push(id);
      currentRoot = id;
      rows.push(newRow({ id, channel: "general", sender, content: `root ${i}`, ts, unit_id: id }));
    } else if (currentRoot !== null && i % 10 <= 1 + (i % 7)) {
      rows.push(newRow({ id, channel: "general", sender, content: `reply ${i}`, ts, unit_id: id, reply_to_id: currentRoot }));
      replyRows.push({ messageId: id, rootId: currentRoot, unitId: id, channel: "general", sender, ts });
    } else {
      rows.push(newRow({ id, channel: "general", sender, content: `plain ${i}`, ts, unit_id: id }));
    }
  }
  for (let start = 0; start < rows.length; start += 500) {
    await store.deliverNow({ channel: "general", audience: { kind: "public", channel: "general" }, ops: [{ op: "insert", rows: rows.slice(start, start + 500) }], readBy: [] });
  }
  const rootRows = rows.filter((r) => roots.includes(r.id));
  await db().threadMessage.createMany({
    data: rootRows.map((r) => ({ messageId: r.id, rootId: r.id, unitId: r.id, channel: "general", sender: r.sender, ts: r.ts })),
  });
  for (let start = 0; start < replyRows.length; start += 500) await db().threadMessage.createMany({ data: replyRows.slice(start, start + 500) });
  for (const rootId of roots) await threads.recomputeSummary(rootId);
  console.log(`filled: ${rows.length} messages, ${roots.length} threads, ${replyRows.length} replies (${root})`);

  const channel = { kind: "public" as const, id: "general" };
  const latest = rows[rows.length - 1]!.ts + 1;
  const firstScreen = { after: 0, limit: PAGE, before: null };
  const emptyPoll = { after: latest, limit: null, before: null };
  const withThreads = async (query: typeof firstScreen | typeof emptyPoll) => listMessages("bob", channel, query);
  // The read path before threads: the same rows, shaped without thread facts.
  const without = async (query: typeof firstScreen | typeof emptyPoll) =>
    (await messaging.channelMessages("bob", channel, query)).map(({ row, reactions }) => present(row, reactions ? JSON.stringify(reactions) : null));
  const page = await withThreads(firstScreen);
  console.log(`first screen: ${page.length} rows, ${page.filter((r) => (r.reply_count ?? 0) > 0).length} roots with replies`);

  const variants = [
    ["first screen, without thread summaries (before)", () => without(firstScreen)],
    ["first screen, with thread summaries (after)", () => withThreads(firstScreen)],
    ["empty poll, before", () => without(emptyPoll)],
    ["empty poll, after", () => withThreads(emptyPoll)],
  ] as const;
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of round % 2 === 0 ? variants : [...variants].reverse()) {
      for (let i = 0; i < 20; i++) await run(); // warm-up
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await run();
        times.get(name)!.push(performance.now() - started);
      }
    }
  }
  for (const [name, list] of times) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`${name.padEnd(50)} n ${sorted.length} p50 ${quantile(sorted, 0.5).toFixed(3)} ms p95 ${quantile(sorted, 0.95).toFixed(3)} ms`);
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}; ${os.cpus().length} cores; Node ${process.version}`);
  await store.close();
  fs.rmSync(root, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
