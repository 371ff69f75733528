// The shared engines of one scale-out deployment, for the tests and benchmarks that start several
// instances: a fresh PostgreSQL database, a Redis prefix of its own and (unless s3 is false) an s3rver
// bucket, given as the environment every instance starts with. `close()` removes all of it.
import crypto from "node:crypto";
import { startS3Server } from "../__tests__/helpers/s3-server.mjs";
import { pgAdmin, testPgUrl } from "../__tests__/helpers/template.mjs";

export async function sharedEngines(tag, { s3 = true } = {}) {
  const database = `mm_${tag}_${crypto.randomBytes(6).toString("hex")}`;
  await pgAdmin(`CREATE DATABASE ${database}`);
  const storage = s3 ? await startS3Server({ bucket: `minimost-${tag}` }) : null;
  const env = {
    DATABASE_URL: testPgUrl(database),
    REDIS_URL: process.env.MINIMOST_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    REDIS_PREFIX: `${database}:`,
    AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
    ...(storage
      ? {
          S3_BUCKET: storage.bucket,
          S3_ENDPOINT: storage.endpoint,
          S3_ACCESS_KEY_ID: storage.accessKeyId,
          S3_SECRET_ACCESS_KEY: storage.secretAccessKey,
        }
      : {}),
  };
  return {
    database,
    env,
    async close() {
      await storage?.close().catch(() => {});
      await pgAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    },
  };
}
