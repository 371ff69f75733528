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
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true" };
const bin = (pkg, ...rel) => path.join(root, "node_modules", pkg, ...rel);

function runOrExit(args, what) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`[start] ${what} failed`);
    process.exit(result.status ?? 1);
  }
}

runOrExit([bin("tsx", "dist", "cli.mjs"), "scripts/preflight.ts"], "settings check");
try {
  migrate(env);
} catch (err) {
  console.error(`[start] ${err.message}`);
  process.exit(1);
}
fs.mkdirSync(path.resolve(env.UPLOAD_DIR || "uploads", "avatars"), { recursive: true });
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
  runOrExit([bin("next", "dist", "bin", "next"), "build"], "build");
  fs.writeFileSync(sourcesFile, hash + "\n");
}
const port = env.PORT || "3000";
const args = [bin("next", "dist", "bin", "next"), "start", "-p", port];
if (env.HOST) args.push("-H", env.HOST);
const server = spawn(process.execPath, args, { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
