#!/usr/bin/env node
// Applies the committed migrations (prisma/migrations) to DATA_DIR/shared.db and puts it in WAL mode.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function migrate(env = process.env) {
  const dataDir = path.resolve(env.DATA_DIR || "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [prisma, "migrate", "deploy"], {
    cwd: root,
    env: { ...env, DATA_DIR: dataDir, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`database migration failed (exit ${result.status})`);
  }
  const db = new Database(path.join(dataDir, "shared.db"));
  db.pragma("journal_mode = WAL");
  db.close();
  return dataDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    console.log(`[migrate] ${migrate()}/shared.db is up to date`);
  } catch (err) {
    console.error(`[migrate] ${err.message}`);
    process.exit(1);
  }
}
