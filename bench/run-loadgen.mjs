// Runs bench/loadgen.mjs in its own process (so the load's own CPU is not the measured server's event loop)
// and answers its JSON summary; a load generator that hangs is killed a minute past its planned end.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export function runLoadgen(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, "loadgen.mjs"), JSON.stringify(config)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), config.durationMs + config.warmupMs + 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`loadgen exited with ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(out.trim().split("\n").pop()));
    });
  });
}
