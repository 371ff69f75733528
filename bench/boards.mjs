#!/usr/bin/env node
// P7, the boards (issue 12): the board page `GET /boards/<board>/` and a thread's `GET …/posts` with
// 100,000 threads on one board and 10,000 posts in one of them, at 50 keep-alive connections: p50,
// p95 and requests/s. Prints a table and writes its own section of bench/RESULTS.md; never asserts.
//
// `node bench/boards.mjs` runs it alone; `npm run bench` runs it as part P7 (BENCH_ONLY=p7 alone).
// The data are written straight into the server's own temp database (better-sqlite3, one transaction),
// which is what makes 100,000 threads a matter of seconds; one thread is then made through the API so
// the fill is known to read back like real posts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { agent, dropIdleConnections, request, signup } from "./http.mjs";
import { writeSection } from "./results-file.mjs";
import { runLoadgen } from "./run-loadgen.mjs";
import { BUILD_DIR, cleanupAll, procStats, root, startServer, waitIdle } from "./server.mjs";

const THREADS = Number(process.env.BENCH_BOARD_THREADS || 100_000);
const POSTS = Number(process.env.BENCH_THREAD_POSTS || 10_000);
const CONNECTIONS = 50;
const SECONDS = 10;
const BOARD = "tech";
export const BOARDS_HEADING = "## Boards (P7)";
const TARGET = { postsP95: 20, pageP95: 50 };
const SETTINGS = {
  channels: ["general"],
  login_failure_delay_seconds: 0,
  boards: { thread_cooldown_seconds: 0, reply_cooldown_seconds: 0 },
};

/** The commit measured: BENCH_COMMIT (a run from an exported tree), or the checkout's HEAD. */
function commitMeasured() {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

const log = (...args) => console.log(`[bench:p7 ${new Date().toISOString().slice(11, 19)}]`, ...args);
const round = (x, digits = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits);


/** Words for titles and posts, from the benchmarks' shared vocabulary. */
function vocabulary() {
  return JSON.parse(fs.readFileSync(path.join(root, "bench", "vocabulary.json"), "utf8")).words;
}

/**
 * 100,000 threads (each with its opening post) and 10,000 replies to one of them, in one transaction,
 * with the counters and board totals the app keeps. Returns the big thread's id and its last post's id.
 */
function fill(dbFile, author, words) {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  const pick = (n, k) => words[(n * 7 + k * 13) % words.length];
  const text = (n, length) => Array.from({ length }, (_, k) => pick(n, k)).join(" ");
  const start = Date.now() / 1000 - THREADS - POSTS - 1000;
  const thread = db.prepare(`INSERT INTO "BoardThread" ("board", "title", "author", "created", "bumped", "replies", "images") VALUES (?, ?, ?, ?, ?, ?, 0)`);
  const post = db.prepare(`INSERT INTO "BoardPost" ("threadId", "content", "author", "created") VALUES (?, ?, ?, ?)`);
  let big = 0;
  let last = 0;
  const started = Date.now();
  db.transaction(() => {
    for (let n = 0; n < THREADS; n++) {
      const at = start + n;
      const id = Number(thread.run(BOARD, `${text(n, 3 + (n % 6))} ${n}`, author, at, at, 0).lastInsertRowid);
      post.run(id, text(n + 1, 12 + (n % 30)), author, at);
      if (n === Math.floor(THREADS / 2)) big = id; // in the middle of the bump order
    }
    const replyStart = start + THREADS;
    for (let n = 0; n < POSTS; n++) {
      const quote = n > 0 && n % 10 === 0 ? `>>${last} ` : "";
      last = Number(post.run(big, `${quote}${text(n + 3, 10 + (n % 40))}`, author, replyStart + n).lastInsertRowid);
    }
    // As the app counts them: replies after the opening post; bumped until the bump limit (300).
    db.prepare(`UPDATE "BoardThread" SET "replies" = ?, "bumped" = ? WHERE "id" = ?`).run(POSTS, replyStart + Math.min(POSTS, 300) - 1, big);
    db.prepare(
      `INSERT INTO "BoardStats" ("board", "threads", "posts", "lastPostAt") VALUES (?, ?, ?, ?)
       ON CONFLICT ("board") DO UPDATE SET "threads" = "threads" + excluded."threads", "posts" = "posts" + excluded."posts", "lastPostAt" = excluded."lastPostAt"`,
    ).run(BOARD, THREADS, THREADS + POSTS, replyStart + POSTS - 1);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
  return { big, last, seconds: (Date.now() - started) / 1000 };
}

export async function benchBoards() {
  const server = await startServer({ settings: SETTINGS });
  log(`server on ${server.base} (build ${BUILD_DIR})`);
  try {
    const user = await signup(server.base, "boardbench");
    const words = vocabulary();
    const filled = fill(path.join(server.dataDir, "shared.db"), user.username, words);
    log(`filled ${THREADS.toLocaleString("en")} threads and a ${POSTS.toLocaleString("en")}-post thread in ${filled.seconds.toFixed(1)} s`);
    dropIdleConnections(); // the fill blocked this process beyond the server's keep-alive timeout
    // One more thread and reply through the API: the newest thread, read back like the filled ones.
    const made = await request(server.base, "POST", `/boards/${BOARD}/new`, { token: user.token, form: { title: "made through the API", content: "hello" }, headers: { Accept: "application/json" } });
    if (made.status !== 201) throw new Error(`P7: POST /boards/${BOARD}/new answered ${made.status}: ${made.body.slice(0, 300)}`);

    const postsPath = `/boards/${BOARD}/${filled.big}/posts`;
    const pollPath = `${postsPath}?after=${filled.last}`;
    const pagePath = `/boards/${BOARD}/`;
    const jsonPath = `/boards/${BOARD}/threads.json`;
    const deepPath = `/boards/${BOARD}/?page=${Math.floor(THREADS / 40)}`;
    const checks = {
      posts: await request(server.base, "GET", postsPath),
      poll: await request(server.base, "GET", pollPath),
      page: await request(server.base, "GET", pagePath),
      json: await request(server.base, "GET", jsonPath),
    };
    const postCount = checks.posts.status === 200 ? JSON.parse(checks.posts.body).length : -1;
    const pageThreads = checks.json.status === 200 ? JSON.parse(checks.json.body) : null;
    if (postCount !== POSTS + 1) throw new Error(`P7: ${postsPath} answered ${checks.posts.status} with ${postCount} posts`);
    if (checks.poll.status !== 200 || checks.poll.body !== "[]") throw new Error(`P7: ${pollPath} answered ${checks.poll.status}: ${checks.poll.body.slice(0, 200)}`);
    if (!pageThreads || pageThreads.threads.length !== 20 || pageThreads.pages !== Math.ceil((THREADS + 1) / 20)) {
      throw new Error(`P7: ${jsonPath} answered ${checks.json.status}: ${checks.json.body.slice(0, 300)}`);
    }
    const pageOk = checks.page.status === 200;
    if (!pageOk) log(`the board page answered ${checks.page.status}; measured anyway, its successes are the 200s`);
    await waitIdle(server.serverPid());

    const pid = server.serverPid();
    const measure = async (label, target) => {
      const before = procStats(pid);
      const run = await runLoadgen({ base: server.base, connections: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: 2000, targets: [target] });
      const after = procStats(pid);
      log(`${label}: ${run.okRps.toFixed(0)} req/s, p50 ${run.latency.p50?.toFixed(1)} ms, p95 ${run.latency.p95?.toFixed(1)} ms, errors ${run.errors}`);
      await waitIdle(pid);
      return {
        path: target.path,
        requests: run.requests,
        errors: run.errors,
        statuses: run.statuses,
        rps: round(run.okRps, 0),
        p50: round(run.latency.p50, 2),
        p95: round(run.latency.p95, 2),
        p99: round(run.latency.p99, 2),
        serverCpuCoresUsed: before && after ? round((after.cpuSeconds - before.cpuSeconds) / (run.seconds + 2), 2) : null,
      };
    };
    // One request at a time: what a request costs without a queue (the 50-connection figures are mostly queue).
    const alone = async (target, count) => {
      const times = [];
      const deadline = Date.now() + 20_000;
      for (let i = 0; i < count && Date.now() < deadline; i++) times.push((await request(server.base, "GET", target)).ms);
      times.sort((a, b) => a - b);
      return { n: times.length, p50: round(times[Math.floor(times.length / 2)], 2) };
    };
    const sequential = {
      poll: await alone(pollPath, 300),
      allPosts: await alone(postsPath, 20),
      page: await alone(pagePath, 100),
      json: await alone(jsonPath, 300),
      deep: await alone(deepPath, 100),
    };
    log(`one at a time, p50 ms: ${Object.entries(sequential).map(([k, v]) => `${k} ${v.p50}`).join(", ")}`);
    const result = {
      sequential,
      date: new Date().toISOString(),
      commit: commitMeasured(),
      machine: { cores: os.cpus().length, cpuModel: os.cpus()[0]?.model?.trim() ?? "unknown", node: process.version, loadAverageAtStart: os.loadavg().map((x) => round(x, 2)) },
      threads: THREADS + 1,
      posts: POSTS + 1,
      fillSeconds: round(filled.seconds, 1),
      bytes: { posts: Buffer.byteLength(checks.posts.body), page: Buffer.byteLength(checks.page.body), json: Buffer.byteLength(checks.json.body) },
      pageStatus: checks.page.status,
      poll: await measure("posts?after=<last> (the thread page's poll)", { path: pollPath }),
      allPosts: await measure(`posts, all ${POSTS + 1}`, { path: postsPath }),
      page: await measure("board page", { path: pagePath }),
      json: await measure("threads.json", { path: jsonPath }),
      deep: await measure(`board page ${deepPath.split("?")[1]}`, { path: deepPath }),
      serverRssMiB: round(procStats(pid)?.rssMiB ?? null, 0),
    };
    result.machine.loadAverageAtEnd = os.loadavg().map((x) => round(x, 2));
    return result;
  } catch (err) {
    console.error(server.log().slice(-3000));
    throw err;
  } finally {
    await server.stop();
  }
}

const fmt = (x) => (x === null || x === undefined ? "—" : x.toLocaleString("en"));

/** Rows: what, p50, p95, req/s, target. */
export function boardRows(r) {
  const alone = (key) => ({ ...r[key], alone: r.sequential[key].p50 });
  return [
    [`\`GET …/posts?after=<last id>\` (the thread page's 1 s poll), thread of ${fmt(r.posts)} posts`, alone("poll"), `p95 < ${TARGET.postsP95} ms`],
    [`\`GET …/posts\`, all ${fmt(r.posts)} posts (${fmt(Math.round(r.bytes.posts / 1024))} KiB)`, alone("allPosts"), `p95 < ${TARGET.postsP95} ms`],
    [`\`GET /boards/${BOARD}/\` board page (${fmt(r.threads)} threads on the board)`, alone("page"), `p95 < ${TARGET.pageP95} ms`],
    [`\`GET /boards/${BOARD}/threads.json\``, alone("json"), "—"],
    [`\`GET ${r.deep.path}\` (a deep page)`, alone("deep"), "—"],
  ].map(([what, m, target]) => [what, fmt(m.p50), fmt(m.p95), fmt(m.rps), m.errors ? fmt(m.errors) : "0", fmt(m.alone), target]);
}

export function boardSection(r) {
  const m = r.machine;
  const lines = [
    BOARDS_HEADING,
    "",
    `Measured ${r.date.slice(0, 10)} by \`npm run bench\` (P7; \`BENCH_ONLY=p7\` or \`node bench/boards.mjs\` runs it alone) on ${m.cores} cores (${m.cpuModel}), Node ${m.node}, load average ${m.loadAverageAtStart.join(", ")} at start and ${m.loadAverageAtEnd.join(", ")} at the end; code ${r.commit}. The machine is shared with other work, which skews the figures.`,
    "",
    "| what (50 connections) | p50 ms | p95 ms | req/s | errors | p50 ms one at a time | target (issue 12) |",
    "|---|---|---|---|---|---|---|",
    ...boardRows(r).map((row) => `| ${row.join(" | ")} |`),
    "",
    `How: one board (\`${BOARD}\`) holds ${fmt(r.threads)} threads, one of them ${fmt(r.posts)} posts (written straight into the server's temp database in ${r.fillSeconds} s, counters and board totals as the app keeps them, then one thread made through \`POST /boards/${BOARD}/new\`). ${CONNECTIONS} keep-alive connections (bench/loadgen.mjs, a separate process; one request loop each, ${SECONDS} s after a 2 s warm-up), anonymous, one path at a time; only 200s count. Load generator and server share the machine's ${m.cores} cores, so at ${CONNECTIONS} connections a latency is mostly the queue (p95 ≈ ${CONNECTIONS} ÷ req/s); \"one at a time\" is the p50 of requests sent one after another on one connection before the load (${r.sequential.poll.n} polls, ${r.sequential.allPosts.n} whole threads, ${r.sequential.page.n} board pages). Server RSS at the end ${fmt(r.serverRssMiB)} MiB. Targets printed, never asserted.`,
  ];
  return lines.join("\n") + "\n";
}

export function printBoards(r) {
  const rows = boardRows(r);
  console.log("\nP7 boards: what | p50 ms | p95 ms | req/s | errors | p50 ms one at a time | target");
  for (const row of rows) console.log("  " + row.join(" | "));
}

/** Runs P7 and writes its section of bench/RESULTS.md. */
export async function runBoardsBench() {
  const result = await benchBoards();
  printBoards(result);
  writeSection(BOARDS_HEADING, boardSection(result));
  fs.mkdirSync(path.join(root, "bench", "out"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench", "out", "boards.json"), JSON.stringify(result, null, 2) + "\n");
  log("wrote the P7 section of bench/RESULTS.md and bench/out/boards.json");
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.env.PASSWORD_SCRYPT_N = "1024";
  const stop = () => cleanupAll().finally(() => process.exit(130));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await runBoardsBench();
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    await cleanupAll();
    agent.destroy();
  }
}
