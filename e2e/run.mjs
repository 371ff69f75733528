#!/usr/bin/env node
// `npm run test:e2e`: the browser suite (node's test runner, one file at a time).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { chromiumPath, root } from "./harness.mjs";

try {
  chromiumPath();
} catch (err) {
  console.error(`[e2e] ${err.message}`);
  process.exit(1);
}
const files = fs
  .readdirSync(path.join(root, "e2e"))
  .filter((name) => name.endsWith(".test.mjs"))
  .sort()
  .map((name) => path.join("e2e", name));
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
