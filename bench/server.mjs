// The benchmarks' own server starter, modelled on e2e/harness.mjs, with two additions the benchmarks
// need: it can start on an existing folder (stop, fill a message file, start again on the same data),
// and it knows the pid of the process that actually serves, so a benchmark can wait until the server
// is idle (background fan-out finished) and read its CPU time and memory.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../e2e/harness.mjs";

export { freePort };

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// BENCH_BUILD_DIR gives a run its own build (two people benchmarking at once must not share one).
export const BUILD_DIR = process.env.BENCH_BUILD_DIR || ".next-bench";

// `next build` adds its distDir's type folders to tsconfig.json's include list. The benchmarks must not
// change files outside bench/, so that exact addition (and nothing else) is undone; the file as it was
// when the benchmarks started is the reference.
const tsconfigPath = path.join(root, "tsconfig.json");
const tsconfigBefore = fs.readFileSync(tsconfigPath, "utf8");

/** Undoes the build's tsconfig.json addition: "unchanged", "undone", or "changed by others" (then left as it is). */
export function undoBuildTsconfigEdit() {
  const now = fs.readFileSync(tsconfigPath, "utf8");
  if (now === tsconfigBefore) return "unchanged";
  try {
    const edited = JSON.parse(now);
    edited.include = (edited.include ?? []).filter((entry) => !entry.startsWith(BUILD_DIR + "/"));
    if (JSON.stringify(edited) === JSON.stringify(JSON.parse(tsconfigBefore))) {
      fs.writeFileSync(tsconfigPath, tsconfigBefore);
      return "undone";
    }
  } catch {
    // not JSON any more: someone else's edit
  }
  return "changed by others";
}

/** Every server and temp folder still alive, so an interrupted run can clean up after itself. */
const live = new Set();


export function makeTempDir(tag) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `minimost-bench-${tag}-`));
  const entry = { kind: "dir", dir, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  live.add(entry);
  return { dir, remove: async () => { live.delete(entry); await entry.cleanup(); } };
}

async function waitForServer(base, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}\n${tail(logFile)}`);
    try {
      const res = await fetch(`${base}/login`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not answer on ${base} within ${timeoutMs} ms\n${tail(logFile)}`);
}

function tail(file) {
  try {
    return fs.readFileSync(file, "utf8").slice(-4000);
  } catch {
    return "";
  }
}

/** Direct children of a pid (Linux). */
function childrenOf(pid) {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Every descendant of a pid, depth first. */
function descendants(pid) {
  const out = [];
  for (const child of childrenOf(pid)) out.push(child, ...descendants(child));
  return out;
}

/** utime+stime in seconds and RSS in MiB of one process, or null once it is gone. */
export function procStats(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuSeconds: ticks / 100, rssMiB: (rssPages * 4096) / 1024 / 1024 };
  } catch {
    return null;
  }
}

/**
 * Starts scripts/start.mjs (migrate, build when missing or stale, `next start`) on a free 127.0.0.1
 * port. With `dir` it uses that folder (DATA_DIR = dir/data) and leaves it in place on stop; without,
 * it makes a temp folder and removes it on stop unless `keepDir`. `env` adds to the server's environment
 * (the scale-out run's DATABASE_URL, REDIS_URL, S3_*).
 */
export async function startServer({ settings, dir, keepDir = false, reuseBuild = false, timeoutMs = 300_000, env: extraEnv = {} } = {}) {
  process.env.MINIMOST_BUILD_DIR = BUILD_DIR;
  const ownsDir = !dir;
  const temp = ownsDir ? makeTempDir("server") : null;
  const folder = ownsDir ? temp.dir : dir;
  const port = await freePort();
  const env = {
    ...process.env,
    ...extraEnv,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: path.join(folder, "data"),
    UPLOAD_DIR: path.join(folder, "uploads"),
    NODE_ENV: "production",
    MINIMOST_BUILD_DIR: BUILD_DIR,
  };
  // The benchmarks sign up 1,000 users from one address and send and poll far faster than any person:
  // rate limits are off unless the settings name them (P2 measures the limiter on beside off).
  const written = settings && ("rate_limits" in settings ? settings : { ...settings, rate_limits: { enabled: false } });
  if (written) {
    env.SETTINGS_FILE = path.join(folder, "settings.json");
    fs.writeFileSync(env.SETTINGS_FILE, JSON.stringify(written));
  }
  const logFile = path.join(folder, "server.log");
  const log = fs.createWriteStream(logFile, { flags: "a" });
  let child;
  if (reuseBuild) {
    // What scripts/start.mjs does minus its staleness check: the sources of a shared checkout may
    // change during a run, and every server of one run must serve the same build.
    if (!fs.existsSync(path.join(root, BUILD_DIR, "BUILD_ID"))) throw new Error(`no build in ${BUILD_DIR} to reuse`);
    Object.assign(env, {
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: env.AUTH_TRUST_HOST ?? "true",
      MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2", // as scripts/start.mjs gives the server
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", // likewise
    });
    const migrated = spawnSync(process.execPath, [path.join(root, "scripts", "migrate.mjs")], { cwd: root, env, encoding: "utf8" });
    if (migrated.status !== 0) throw new Error(`migration failed: ${migrated.stdout}${migrated.stderr}`);
    if (!env.S3_BUCKET) fs.mkdirSync(path.join(env.UPLOAD_DIR, "avatars"), { recursive: true });
    const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
    child = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  } else {
    child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  }
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const base = `http://127.0.0.1:${port}`;
  const entry = { kind: "server", cleanup: () => kill() };
  live.add(entry);

  async function kill() {
    live.delete(entry);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        // start.mjs forwards SIGTERM to next; if anything hangs, end the whole tree we started.
        for (const pid of descendants(child.pid)) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        child.kill("SIGKILL");
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise((r) => log.end(r));
  }

  const started = Date.now();
  try {
    await waitForServer(base, child, timeoutMs, logFile);
  } catch (err) {
    await kill();
    if (ownsDir) await temp.remove();
    throw err;
  }
  const startupMs = Date.now() - started;

  /** The pid that serves requests: the deepest descendant of start.mjs (next start → next-server). */
  const serverPid = () => {
    const all = descendants(child.pid);
    return all.length ? all[all.length - 1] : child.pid;
  };

  return {
    base,
    dir: folder,
    dataDir: env.DATA_DIR,
    startupMs,
    serverPid,
    log: () => tail(logFile),
    /**
     * Replaces keys of the running server's settings; the server sees the edit within a second (it looks
     * at the file once a second, lib/config.ts), so this waits 1.5 s.
     */
    async changeSettings(changes) {
      if (!env.SETTINGS_FILE) throw new Error("this server was started without a settings file");
      const current = JSON.parse(fs.readFileSync(env.SETTINGS_FILE, "utf8"));
      fs.writeFileSync(env.SETTINGS_FILE, JSON.stringify({ ...current, ...changes }));
      await new Promise((r) => setTimeout(r, 1500));
    },
    async stop() {
      await kill();
      if (ownsDir && !keepDir) await temp.remove();
    },
  };
}

/** Waits until the serving process uses under `busyFraction` of a core for two windows in a row. */
export async function waitIdle(pid, { windowMs = 300, busyFraction = 0.05, timeoutMs = 120_000 } = {}) {
  const started = Date.now();
  let calm = 0;
  let last = procStats(pid);
  while (last && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = procStats(pid);
    if (!now) break;
    const used = (now.cpuSeconds - last.cpuSeconds) / (windowMs / 1000);
    last = now;
    calm = used < busyFraction ? calm + 1 : 0;
    if (calm >= 2) return { idleAfterMs: Date.now() - started - 2 * windowMs, timedOut: false };
  }
  return { idleAfterMs: Date.now() - started, timedOut: true };
}

/** Stops every server and removes every temp folder still alive (end of run, errors, Ctrl-C). */
export async function cleanupAll() {
  const entries = [...live];
  // Servers first, then folders.
  for (const entry of entries.filter((e) => e.kind === "server")) await entry.cleanup().catch(() => {});
  for (const entry of entries.filter((e) => e.kind === "dir")) {
    live.delete(entry);
    await entry.cleanup().catch(() => {});
  }
}
