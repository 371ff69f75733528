// Every test file gets its own data folder, uploads folder and settings file, with a migrated database:
// `npm test` copies the SQLite template; `npm run test:scale` (MINIMOST_TEST_SCALE=1) names a PostgreSQL
// database of its own (created from the template by cleanup.ts before the file's tests, dropped after),
// a Redis key prefix of its own and, when the run has an s3rver, an S3 key prefix of its own.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { templateDir, testPgUrl } from "./template.mjs";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-test-"));
const dataDir = path.join(root, "data");
fs.mkdirSync(dataDir, { recursive: true });

// The engines come from this file only, never from the shell that started Jest.
for (const key of ["DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "S3_BUCKET", "S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PREFIX"]) {
  delete process.env[key];
}
if (process.env.MINIMOST_TEST_SCALE === "1") {
  const database = `minimost_test_${process.env.MINIMOST_TEST_RUN ?? "x"}_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  process.env.MINIMOST_TEST_DATABASE = database;
  process.env.DATABASE_URL = testPgUrl(database);
  process.env.REDIS_URL = process.env.MINIMOST_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  process.env.REDIS_PREFIX = `minimost-test:${database}:`;
  if (process.env.MINIMOST_TEST_S3_ENDPOINT) {
    process.env.S3_ENDPOINT = process.env.MINIMOST_TEST_S3_ENDPOINT;
    process.env.S3_BUCKET = process.env.MINIMOST_TEST_S3_BUCKET;
    process.env.S3_ACCESS_KEY_ID = process.env.MINIMOST_TEST_S3_ACCESS_KEY_ID;
    process.env.S3_SECRET_ACCESS_KEY = process.env.MINIMOST_TEST_S3_SECRET_ACCESS_KEY;
    process.env.S3_PREFIX = `${database}/`;
  }
} else {
  const template = process.env.MINIMOST_TEST_TEMPLATE ?? templateDir();
  for (const file of ["shared.db"]) fs.copyFileSync(path.join(template, file), path.join(dataDir, file));
}

process.env.MINIMOST_TEST_ROOT = root;
process.env.DATA_DIR = dataDir;
process.env.UPLOAD_DIR = path.join(root, "uploads");
process.env.SETTINGS_FILE = path.join(root, "settings.json");
process.env.AUTH_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
// Cheap hashes keep the suite fast; the stored format and the verification path are the real ones.
process.env.PASSWORD_SCRYPT_N = "1024";
// As npm start sets it: the pinned AWS SDK supports Node 20; its notice about later releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

// Rate limits off: the suites make many fast requests as one user and from one address; the limiter's
// own tests (rate-limit.test.ts) turn them on with the limits they test.
fs.writeFileSync(
  process.env.SETTINGS_FILE,
  JSON.stringify({ channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0, rate_limits: { enabled: false } }, null, 2),
);
