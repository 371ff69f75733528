#!/usr/bin/env node
// `npm start`: checks the settings, applies migrations, builds if there is no build, and serves
// on PORT (default 3000). Everything it needs is in the repository: no other set-up.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "./migrate.mjs";
import { sourceHash } from "./source-hash.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (pkg, ...rel) => path.join(root, "node_modules", pkg, ...rel);

/** The environment every server process gets. */
export function serverEnv(base = process.env) {
  return {
    ...base,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_TRUST_HOST: base.AUTH_TRUST_HOST ?? "true",
    // glibc gives every thread that allocates its own malloc arena and keeps what it freed there: the
    // server's threads (requests, the fan-out workers, libuv's pool, V8's helpers) all touch SQLite, so
    // after 1,000 signups the arenas held some 40 MB more than two of them do (RSS 361 -> 322 MB, issue 13
    // asks for 300). Read by glibc when the process starts, hence here (the V8 settings are in
    // instrumentation.ts, which every way of starting the server runs). A value already set is kept.
    MALLOC_ARENA_MAX: base.MALLOC_ARENA_MAX ?? "2",
    // The AWS SDK (S3 uploads) warns on every start that its releases after January 2027 need Node 22;
    // package.json pins a release that supports Node 20.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: base.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ?? "true",
  };
}

function runOrExit(args, what, env) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env, cwd: root });
  if (result.status !== 0) {
    console.error(`[start] ${what} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Everything before serving: the settings and engines checked, migrations applied, a build made if the sources changed. */
export async function prepare(env) {
  runOrExit([bin("tsx", "dist", "cli.mjs"), "scripts/preflight.ts"], "settings check", env);
  try {
    await migrate(env);
  } catch (err) {
    console.error(`[start] ${err.message}`);
    process.exit(1);
  }
  if (!env.S3_BUCKET) fs.mkdirSync(path.resolve(root, env.UPLOAD_DIR || "uploads", "avatars"), { recursive: true });
  const buildDir = path.join(root, env.MINIMOST_BUILD_DIR || ".next");
  const buildId = path.join(buildDir, "BUILD_ID");
  const sourcesFile = path.join(buildDir, "minimost-sources.sha256");
  const hash = sourceHash();
  let built;
  try {
    built = fs.existsSync(buildId) ? fs.readFileSync(sourcesFile, "utf8").trim() : null;
  } catch {
    built = "unknown"; // a build made before the hash was recorded
  }
  if (built === null) console.log("[start] no build yet: building (this happens once)");
  else if (built !== hash) console.log("[start] the sources changed since the last build: rebuilding");
  if (built !== hash) {
    runOrExit([bin("next", "dist", "bin", "next"), "build"], "build", env);
    fs.writeFileSync(sourcesFile, hash + "\n");
  }
}

/** Starts one `next start` on `port` (and `host` when given). */
export function serve(env, port, host, options = {}) {
  const args = [bin("next", "dist", "bin", "next"), "start", "-p", String(port)];
  if (host) args.push("-H", host);
  return spawn(process.execPath, args, { stdio: "inherit", cwd: root, ...options, env });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.chdir(root);
  const env = serverEnv();
  await prepare(env);
  const server = serve(env, env.PORT || "3000", env.HOST);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
