// Imported first by test files where two processes act as two instances of one deployment. Two processes
// can share PostgreSQL and Redis, not the SQLite files (each message file is held by one process), so the
// file runs on PostgreSQL + Redis whatever the run: under test:scale on the file's own database and prefix,
// otherwise on a database it makes here (`prepareDeployment`, migrated like production) and drops after
// (`dropDeployment`). Set before any code asks for a backend: they are read when first used.
import crypto from "node:crypto";
import { disconnectDb } from "@/lib/db/client";
import { existingSingleton, resetSingleton } from "@/lib/globals";
import type { MessageStore } from "@/lib/messages";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";
import { pgAdmin, testPgUrl } from "./template.mjs";

const own = !process.env.DATABASE_URL;
const database = `minimost_xi_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
if (own) process.env.DATABASE_URL = testPgUrl(database);
process.env.REDIS_URL ||= "redis://127.0.0.1:6379";
process.env.REDIS_PREFIX ||= `minimost-test:${database}:`;

export async function prepareDeployment(): Promise<void> {
  if (!own) return;
  await pgAdmin(`CREATE DATABASE "${database}"`);
  await migratePostgres(process.env.DATABASE_URL!);
}

/** Closes this process's connections to the database made here, then drops it (test:scale drops its own). */
export async function dropDeployment(): Promise<void> {
  if (!own) return;
  const store = existingSingleton<MessageStore>("message-store");
  await store?.settled();
  await store?.close();
  resetSingleton("message-store"); // closed: the file's cleanup has nothing more to close
  await disconnectDb();
  await pgAdmin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
