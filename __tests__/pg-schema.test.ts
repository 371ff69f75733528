// The shared database on PostgreSQL (issue 14): its schema is written from prisma/schema.prisma, and its
// migrations (applied by the app's own migrator) build exactly what that schema describes, so the two
// engines cannot drift apart. Runs on the local PostgreSQL, in databases of its own, dropped afterwards.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_TABLE, migratePostgres, pgMigrations, RAW_ONLY } from "../scripts/pg-migrate.mjs";
import { POSTGRES_SCHEMA, postgresSchema, SOURCE_SCHEMA } from "../scripts/prisma-generate.mjs";
import { testPgUrl } from "./helpers/template.mjs";

const run = crypto.randomBytes(4).toString("hex");
const made: string[] = [];
let serial = 0;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `minimost_schema_${run}_${++serial}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  made.push(name);
  return name;
}

async function inDatabase<T>(name: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPgUrl(name) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Tables, columns, constraints, indexes and extensions of the public schema, as sorted lines. */
async function describeSchema(name: string): Promise<string[]> {
  return inDatabase(name, async (c) => {
    const lines: string[] = [];
    const columns = await c.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> $1`,
      [MIGRATIONS_TABLE],
    );
    for (const r of columns.rows) lines.push(`column ${r.table_name}.${r.column_name} ${r.data_type} null=${r.is_nullable} default=${r.column_default}`);
    const constraints = await c.query(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> $1`,
      [MIGRATIONS_TABLE],
    );
    for (const r of constraints.rows) lines.push(`constraint ${r.tbl} ${r.conname} ${r.def}`);
    const indexes = await c.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> $1`, [MIGRATIONS_TABLE]);
    for (const r of indexes.rows) lines.push(`index ${r.indexdef}`);
    const extensions = await c.query(`SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'`);
    for (const r of extensions.rows) lines.push(`extension ${r.extname}`);
    return lines.sort();
  });
}

afterAll(async () => {
  await admin(async (c) => {
    for (const name of made) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

it("keeps prisma/postgres/schema.prisma what the generator writes from prisma/schema.prisma", () => {
  expect(fs.readFileSync(POSTGRES_SCHEMA, "utf8")).toBe(postgresSchema(fs.readFileSync(SOURCE_SCHEMA, "utf8")));
});

it("builds with its migrations exactly the schema the datamodel describes (plus the listed raw-SQL objects)", async () => {
  const migrated = await freshDatabase();
  expect(await migratePostgres(testPgUrl(migrated))).toEqual(pgMigrations().map((m) => m.name));
  // The trigram index of board search is really there before the raw-only objects are set aside.
  const trgm = await inDatabase(migrated, (c) => c.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'BoardPost_content_trgm_idx'`));
  expect(trgm.rows[0]?.indexdef).toContain("gin_trgm_ops");
  await inDatabase(migrated, async (c) => {
    for (const statement of RAW_ONLY) await c.query(statement);
  });

  // What Prisma itself would create for the datamodel, from nothing.
  const prisma = path.join(process.cwd(), "node_modules", "prisma", "build", "index.js");
  const diff = spawnSync(
    process.execPath,
    [prisma, "migrate", "diff", "--from-empty", "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"],
    { cwd: process.cwd(), encoding: "utf8", env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" } },
  );
  expect(diff.status).toBe(0);
  const expected = await freshDatabase();
  await inDatabase(expected, (c) => c.query(diff.stdout.replace(/^Loaded Prisma config.*$/gm, "")));

  const [got, want] = [await describeSchema(migrated), await describeSchema(expected)];
  expect(want.length).toBeGreaterThan(50);
  expect(got).toEqual(want);
}, 60_000);

it("applies each migration once when several instances start at once, and refuses an edited one", async () => {
  const name = await freshDatabase();
  const url = testPgUrl(name);
  const applied = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);
  expect(applied.flat().sort()).toEqual(pgMigrations().map((m) => m.name));
  expect(await migratePostgres(url)).toEqual([]);

  // A copy of the migrations folder whose first migration was edited after being applied.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-pg-migrations-"));
  try {
    fs.cpSync(path.join(process.cwd(), "prisma", "postgres", "migrations"), dir, { recursive: true });
    const first = pgMigrations()[0]!.name;
    fs.appendFileSync(path.join(dir, first, "migration.sql"), "\n-- edited\n");
    await expect(migratePostgres(url, { dir })).rejects.toThrow(`migration ${first} was changed after it was applied`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
