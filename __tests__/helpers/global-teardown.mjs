// test:scale: stops the run's s3rver and drops any database of this run a test file could not drop itself.
import pg from "pg";
import { testPgUrl } from "./template.mjs";

export default async function globalTeardown() {
  await globalThis.__minimostTestS3?.close();
  const run = process.env.MINIMOST_TEST_RUN;
  if (process.env.MINIMOST_TEST_SCALE !== "1" || !run) return;
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`minimost_test_${run}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
