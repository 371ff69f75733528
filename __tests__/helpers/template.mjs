// Where the migrated template database for the test run lives: keyed by the migrations' content,
// so it is rebuilt exactly when a migration changes. SQLite (`npm test`): a folder holding shared.db.
// PostgreSQL (`npm run test:scale`): a database that each test file's own database is created from.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

function migrationsHash(migrations) {
  const hash = crypto.createHash("sha256");
  for (const name of fs.readdirSync(migrations).sort()) {
    const file = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

export function templateDir(root = process.cwd()) {
  return path.join(os.tmpdir(), `minimost-test-template-${migrationsHash(path.join(root, "prisma", "migrations"))}`);
}

/** The PostgreSQL server of test:scale, as a URL to one of its databases (default `postgres`, for CREATE/DROP). */
export function testPgUrl(database = "postgres") {
  const url = new URL(process.env.MINIMOST_TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

/** The template database's name for the current PostgreSQL migrations. */
export function pgTemplateName(root = process.cwd()) {
  return `minimost_template_${migrationsHash(path.join(root, "prisma", "postgres", "migrations"))}`;
}

/** Runs one statement as the test PostgreSQL server's admin (CREATE or DROP DATABASE). */
export async function pgAdmin(sql) {
  const client = new pg.Client({ connectionString: testPgUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
