// Applies prisma/postgres/migrations to the shared database on PostgreSQL. `prisma migrate deploy` cannot
// (through @prisma/adapter-pg it fails: prisma/orm#27403), so this small migrator does what it would: a
// table of applied names (with each file's checksum, so an edited migration is caught rather than
// skipped), each migration in its own transaction, all under a session advisory lock so that several
// instances starting at once apply each migration exactly once.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PG_MIGRATIONS = path.join(root, "prisma", "postgres", "migrations");
export const MIGRATIONS_TABLE = "_minimost_migrations";
/** Objects the migrations make that Prisma's datamodel cannot describe (the schema check drops them first). */
export const RAW_ONLY = ['DROP INDEX "BoardPost_content_trgm_idx"', "DROP EXTENSION IF EXISTS pg_trgm"];
const LOCK = "minimost-shared-migrations";

/** The migrations on disk, in order: [{ name, sql, checksum }]. */
export function pgMigrations(dir = PG_MIGRATIONS) {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

/** Brings the database at `url` up to date; answers the names applied by this call. */
export async function migratePostgres(url, { dir = PG_MIGRATIONS } = {}) {
  const client = new pg.Client({ connectionString: url, application_name: "minimost-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const done = [];
    for (const migration of pgMigrations(dir)) {
      const checksum = applied.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(migration.sql); // simple query protocol: several statements in one call
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`migration ${migration.name} failed: ${err.message}`);
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    // Ending the session releases the advisory lock too.
    await client.end();
  }
}
