#!/usr/bin/env node
// Applies the committed migrations of the shared database: on PostgreSQL when DATABASE_URL names one
// (prisma/postgres/migrations, through scripts/pg-migrate.mjs), else prisma/migrations to DATA_DIR/shared.db,
// put in WAL mode. The data folder is made either way (the SQLite configuration keeps its message files there).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { migratePostgres } from "./pg-migrate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The same test as lib/backends.ts's databaseBackend() (which preflight runs before this, and which
// refuses any other non-file value), repeated because this script runs without TypeScript.
const POSTGRES = /^postgres(ql)?:\/\//i;

/** Answers where the shared database is: the PostgreSQL URL, or DATA_DIR (absolute) for SQLite. */
export async function migrate(env = process.env) {
  const dataDir = path.resolve(env.DATA_DIR || "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const url = env.DATABASE_URL?.trim();
  if (url && POSTGRES.test(url)) {
    await migratePostgres(url);
    return url;
  }
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
    const where = await migrate();
    console.log(`[migrate] ${POSTGRES.test(where) ? "the PostgreSQL shared database" : `${where}/shared.db`} is up to date`);
  } catch (err) {
    console.error(`[migrate] ${err.message}`);
    process.exit(1);
  }
}
