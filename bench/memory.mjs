#!/usr/bin/env node
// `node bench/memory.mjs`: the production server's memory at 1,000 users (issue 13, "Memory bounded
// by design"). Prints figures, never asserts. Stands alone; bench/run.mjs may call it later.
//
//   0. a fresh server, nobody signed up: the floor
//   1. 1,000 users sign up (each welcome reaches every file), 50 sends to general
//   2. P2 poll load: 50 keep-alive connections poll `GET /messages/general?after=<latest>` as 50 users
//   3. the server is restarted on the same data; the retention sweep (5 s after start) walks every
//      message file; then the same poll load again
// For each phase: RSS (max over samples every 200 ms, and at the end), its anonymous and file-backed
// parts (/proc/<pid>/status), and how many message files (*.db under the data folder) the server holds
// open (/proc/<pid>/fd). MEMORY_USERS shrinks the user count for a quick try; BENCH_BUILD_DIR names
// the build folder (default .next-bench). Writes bench/out/memory.json.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { runLoadgen } from "./run-loadgen.mjs";

process.env.PASSWORD_SCRYPT_N ??= "1024";
const { agent, mapLimit, request, signup } = await import("./http.mjs");
const { BUILD_DIR, cleanupAll, root, startServer, undoBuildTsconfigEdit, waitIdle } = await import("./server.mjs");

const USERS = Number(process.env.MEMORY_USERS || 1000);
const SIGNUP_CONCURRENCY = 16;
const SENDS = 50;
const POLL_CONNECTIONS = 50;
const POLL_SECONDS = 10;
const SAMPLE_MS = 200;
const SETTINGS = { channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0, merge_window_seconds: 0 };

const started = performance.now();
const log = (...args) => console.log(`[memory ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...args);
const mib = (kb) => Math.round((kb / 1024) * 10) / 10;

/** VmRSS, RssAnon, RssFile in KiB, and the open descriptors on message files, of one process. */
function memoryOf(pid, dataDir) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? NaN);
    let messageFiles = 0;
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith(dataDir) && target.endsWith(".db") && !target.endsWith("shared.db")) messageFiles++;
      } catch {
        // closed while we looked
      }
    }
    return { rss: field("VmRSS"), anon: field("RssAnon"), file: field("RssFile"), messageFiles };
  } catch {
    return null;
  }
}

/** Samples a process's memory until stopped; answers the maximum of each figure and the last sample. */
function sampler(pid, dataDir) {
  const max = { rss: 0, anon: 0, file: 0, messageFiles: 0 };
  let last = null;
  const take = () => {
    const m = memoryOf(pid, dataDir);
    if (!m) return;
    last = m;
    for (const k of Object.keys(max)) max[k] = Math.max(max[k], m[k]);
  };
  take();
  const timer = setInterval(take, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        maxRssMiB: mib(max.rss),
        maxAnonMiB: mib(max.anon),
        maxFileMiB: mib(max.file),
        maxOpenMessageFiles: max.messageFiles,
        endRssMiB: last ? mib(last.rss) : null,
        endOpenMessageFiles: last?.messageFiles ?? null,
      };
    },
  };
}


/** P2's empty poll by the last 50 users, with memory sampled throughout. */
async function pollPhase(server, users) {
  const pollers = users.slice(-Math.min(POLL_CONNECTIONS, users.length));
  const all = await request(server.base, "GET", "/messages/general?after=0", { token: pollers[0].token });
  const rows = JSON.parse(all.body);
  const latest = Math.max(0, ...rows.map((r) => Math.max(r.ts, r.edited_ts ?? 0, r.reactions_ts ?? 0, r.deleted_ts ?? 0)));
  const pathAfter = `/messages/general?after=${latest}`;
  const watch = sampler(server.serverPid(), server.dataDir);
  const load = await runLoadgen({
    base: server.base,
    targets: pollers.map((u) => ({ path: pathAfter, token: u.token })),
    connections: POLL_CONNECTIONS,
    durationMs: POLL_SECONDS * 1000,
    warmupMs: 2000,
  });
  return { ...watch.stop(), pollRps: Math.round(load.rps), pollP99Ms: Math.round(load.latency.p99 * 10) / 10, pollErrors: load.errors };
}

const userName = (i) => `u${String(i).padStart(4, "0")}`;
const results = { date: new Date().toISOString(), cores: os.cpus().length, users: USERS, build: BUILD_DIR, phases: {} };

async function main() {
  const first = await startServer({ settings: SETTINGS, keepDir: true });
  undoBuildTsconfigEdit();
  const dir = first.dir;
  log(`server on ${first.base} (started in ${(first.startupMs / 1000).toFixed(1)} s)`);
  const users = [];
  try {
    // The floor: the server started, nobody signed up yet.
    const idle = sampler(first.serverPid(), first.dataDir);
    await new Promise((r) => setTimeout(r, 2000));
    results.phases.started = idle.stop();
    log("started, no users", results.phases.started);
    const watch = sampler(first.serverPid(), first.dataDir);
    const t0 = performance.now();
    await mapLimit(
      Array.from({ length: USERS }, (_, i) => i),
      SIGNUP_CONCURRENCY,
      async (i) => {
        users[i] = await signup(first.base, userName(i));
      },
    );
    for (let n = 0; n < SENDS; n++) {
      const res = await request(first.base, "POST", "/send/general", { token: users[n % users.length].token, form: { text: `memory check ${n}` } });
      if (res.status !== 200) throw new Error(`send ${n}: ${res.status} ${res.body.slice(0, 200)}`);
    }
    await waitIdle(first.serverPid(), { timeoutMs: 300_000 });
    results.phases.signupsAndSends = { seconds: Math.round((performance.now() - t0) / 1000), ...watch.stop() };
    log("signups and sends", results.phases.signupsAndSends);
    results.phases.poll = await pollPhase(first, users);
    log("poll", results.phases.poll);
  } finally {
    await first.stop();
  }

  const second = await startServer({ settings: SETTINGS, dir, reuseBuild: true });
  try {
    const watch = sampler(second.serverPid(), second.dataDir);
    await new Promise((r) => setTimeout(r, 7000)); // the retention sweep runs 5 s after start
    await waitIdle(second.serverPid(), { timeoutMs: 300_000 });
    results.phases.restartAndSweep = watch.stop();
    log("restart and retention sweep", results.phases.restartAndSweep);
    results.phases.pollAfterRestart = await pollPhase(second, users);
    log("poll after restart", results.phases.pollAfterRestart);
  } finally {
    await second.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => cleanupAll().finally(() => process.exit(130)));
try {
  await main();
} finally {
  await cleanupAll();
  agent.destroy();
  undoBuildTsconfigEdit();
}

const rows = [
  ["started, no users", results.phases.started],
  ["signups + sends", results.phases.signupsAndSends],
  ["P2 poll", results.phases.poll],
  ["restart + retention sweep", results.phases.restartAndSweep],
  ["P2 poll after restart", results.phases.pollAfterRestart],
];
console.log(`\nServer memory at ${USERS} users (target: RSS ≤ 300 MB during P2)\n`);
console.log("| phase | max RSS MiB | anon | file-backed | end RSS | message files open (max / end) | poll req/s, p99 |");
console.log("|---|---|---|---|---|---|---|");
for (const [name, p] of rows) {
  if (!p) continue;
  const poll = p.pollRps !== undefined ? `${p.pollRps}, ${p.pollP99Ms} ms` : "—";
  console.log(`| ${name} | ${p.maxRssMiB} | ${p.maxAnonMiB} | ${p.maxFileMiB} | ${p.endRssMiB} | ${p.maxOpenMessageFiles} / ${p.endOpenMessageFiles} | ${poll} |`);
}
fs.mkdirSync(path.join(root, "bench", "out"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "out", "memory.json"), JSON.stringify(results, null, 2) + "\n");
