#!/usr/bin/env node
// `npm start`: checks the settings, applies migrations, builds if there is no build, and serves
// on PORT (default 3000). Everything it needs is in the repository: no other set-up.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "./migrate.mjs";

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
if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("[start] no build yet: building (this happens once)");
  runOrExit([bin("next", "dist", "bin", "next"), "build"], "build");
}
const port = env.PORT || "3000";
const args = [bin("next", "dist", "bin", "next"), "start", "-p", port];
if (env.HOST) args.push("-H", env.HOST);
const server = spawn(process.execPath, args, { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
