// P4's searches over HTTP on an already filled message file, to see where the time goes without waiting
// for a fill: signs a user up on a fresh folder, stops the server, puts a copy of the given file (made by
// bench/fill.ts, or kept from a P4 run) in place of the user's file, starts the server again and runs
// bench/run.mjs's P4 terms, beside the same count of `GET /unread_count` (the same door, session check and
// client, no search: the floor). Reuses the build in BENCH_BUILD_DIR (build it first; no staleness check).
//
//   BENCH_BUILD_DIR=.next-p4 node bench/search-http.mjs <filled.db> [rounds=3]
//
// SEARCH_HTTP_PROFILE=<dir> starts the server with --cpu-prof into that folder (written when it stops; the
// flag is refused in NODE_OPTIONS, so that server is spawned here); SEARCH_HTTP_LOG=1 prints the tail of
// the server's log at the end (for timings a temporary patch logs).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { request, signup, summarize } from "./http.mjs";
import { BUILD_DIR, freePort, makeTempDir, root, startServer } from "./server.mjs";
import { searchTerms } from "./search-terms.mjs";

const [source, roundsArg] = process.argv.slice(2);
if (!source || !fs.existsSync(source)) {
  console.error("usage: BENCH_BUILD_DIR=.next-p4 node bench/search-http.mjs <filled.db> [rounds]");
  process.exit(2);
}
const rounds = Number(roundsArg || 3);
const SETTINGS = { channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0, merge_window_seconds: 0 };
const WARMUP = 20;
const SEARCHES = 300;

/**
 * `next start` with --cpu-prof (not allowed in NODE_OPTIONS), as bench/server.mjs's reuseBuild start does
 * otherwise; the folder was migrated by the first start. The profile is written when it stops.
 */
async function startProfiled(dir, profileDir) {
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: path.join(dir, "data"),
    UPLOAD_DIR: path.join(dir, "uploads"),
    NODE_ENV: "production",
    MINIMOST_BUILD_DIR: BUILD_DIR,
    SETTINGS_FILE: path.join(dir, "settings.json"),
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: "true",
  };
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      const res = await fetch(`${base}/login`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (tries > 240 || child.exitCode !== null) throw new Error("the profiled server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGINT");
      }),
  };
}

const fmt = (s) => `p50 ${s.p50.toFixed(2)} p95 ${s.p95.toFixed(2)} p99 ${s.p99.toFixed(2)} max ${s.max.toFixed(2)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

const folder = makeTempDir("search-http");
try {
  let server = await startServer({ settings: SETTINGS, dir: folder.dir, reuseBuild: true });
  let searcher;
  try {
    searcher = await signup(server.base, "searcher");
  } finally {
    await server.stop();
  }
  const file = path.join(folder.dir, "data", "users", "searcher.db");
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(source, file);
  const profile = process.env.SEARCH_HTTP_PROFILE;
  server = profile ? await startProfiled(folder.dir, path.resolve(profile)) : await startServer({ settings: SETTINGS, dir: folder.dir, reuseBuild: true });
  try {
    const terms = searchTerms(WARMUP + SEARCHES);
    for (let round = 1; round <= rounds; round++) {
      const searches = [];
      const floor = [];
      let bytes = 0;
      for (let i = 0; i < terms.length; i++) {
        const res = await request(server.base, "GET", `/search_messages?q=${encodeURIComponent(terms[i])}`, { token: searcher.token });
        if (res.status !== 200) throw new Error(`search answered ${res.status}: ${res.body.slice(0, 200)}`);
        const base = await request(server.base, "GET", "/unread_count", { token: searcher.token });
        if (base.status !== 200) throw new Error(`unread_count answered ${base.status}`);
        if (i < WARMUP) continue;
        searches.push(res.ms);
        floor.push(base.ms);
        bytes += res.body.length;
      }
      console.log(`round ${round}: search ${fmt(summarize(searches))}; /unread_count ${fmt(summarize(floor))}; ${Math.round(bytes / searches.length)} B/answer; load ${load()}`);
    }
    if (process.env.SEARCH_HTTP_LOG && server.log) console.log(server.log());
  } finally {
    await server.stop();
  }
} finally {
  await folder.remove();
}
