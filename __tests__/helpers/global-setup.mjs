// Runs the real migrations once per change into a template database; each test file copies it.
// `npm test`: a SQLite file in a temp folder. `npm run test:scale` (MINIMOST_TEST_SCALE=1): a PostgreSQL
// template database (each test file gets `CREATE DATABASE … TEMPLATE` of it, see env.ts and cleanup.ts)
// and one s3rver for the run (each test file under its own key prefix).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrate } from "../../scripts/migrate.mjs";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";
import { startS3Server } from "./s3-server.mjs";
import { pgTemplateName, templateDir, testPgUrl } from "./template.mjs";

export default async function globalSetup() {
  if (process.env.MINIMOST_TEST_SCALE === "1") return scaleSetup();
  const dir = templateDir();
  // Every test file of this run copies this one, even if a migration is added while the run goes on.
  process.env.MINIMOST_TEST_TEMPLATE = dir;
  if (fs.existsSync(path.join(dir, "ready"))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  await migrate({ ...process.env, DATA_DIR: dir, DATABASE_URL: "" });
  fs.writeFileSync(path.join(dir, "ready"), "");
}

async function scaleSetup() {
  const template = pgTemplateName();
  process.env.MINIMOST_TEST_PG_TEMPLATE = template;
  // Names this run's databases, so the teardown can drop whatever a crashed test file left.
  process.env.MINIMOST_TEST_RUN = crypto.randomBytes(4).toString("hex");
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (rowCount === 0) {
      // Built under a name of its own and renamed when complete: a run started meanwhile (another
      // checkout on the same server) never copies a half-migrated template.
      const building = `${template}_${process.env.MINIMOST_TEST_RUN}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      try {
        await migratePostgres(testPgUrl(building));
        await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
        if (err.code !== "42P04") throw err; // duplicate_database: another run finished it first
      }
    }
  } finally {
    await admin.end();
  }
  // MINIMOST_TEST_S3=0 keeps uploads on the file system (PostgreSQL and Redis only).
  if (process.env.MINIMOST_TEST_S3 === "0") return;
  const s3 = await startS3Server();
  globalThis.__minimostTestS3 = s3;
  process.env.MINIMOST_TEST_S3_ENDPOINT = s3.endpoint;
  process.env.MINIMOST_TEST_S3_BUCKET = s3.bucket;
  process.env.MINIMOST_TEST_S3_ACCESS_KEY_ID = s3.accessKeyId;
  process.env.MINIMOST_TEST_S3_SECRET_ACCESS_KEY = s3.secretAccessKey;
}
