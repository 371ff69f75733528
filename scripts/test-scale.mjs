#!/usr/bin/env node
// `npm run test:scale`: the server test project (route handlers, domain code) on PostgreSQL + Redis +
// s3rver instead of SQLite, in-process bus and the file system (issue 14). Each test file gets its own
// database (from a migrated template), Redis prefix and S3 prefix: see __tests__/helpers/. Extra
// arguments go to Jest (a file name, -t …). PostgreSQL: MINIMOST_TEST_PG_ADMIN_URL (default
// postgres://postgres@127.0.0.1:5432/postgres); Redis: MINIMOST_TEST_REDIS_URL (default redis://127.0.0.1:6379);
// MINIMOST_TEST_S3=0 leaves uploads on the file system (PostgreSQL and Redis only).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const jest = path.join(root, "node_modules", "jest", "bin", "jest.js");
const result = spawnSync(process.execPath, [jest, "--selectProjects", "server", "--runInBand", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, MINIMOST_TEST_SCALE: "1" },
});
process.exit(result.status ?? 1);
