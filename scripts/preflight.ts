// Checks what must be right before the server starts, so a mistake stops the start with a clear message.
import { backends } from "../lib/backends";
import { ConfigError, loadSettings, paths } from "../lib/config";

try {
  const settings = loadSettings();
  const { database, redis, s3 } = backends();
  const { dataDir, uploadDir } = paths();
  if (database.kind === "postgres" && !(process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET)) {
    // Instances on several machines must sign sessions with one key; a key made in each data folder would
    // make every instance refuse the others' sessions.
    throw new ConfigError("with DATABASE_URL on PostgreSQL, set AUTH_SECRET to the same random value on every instance (for example `openssl rand -hex 32`)");
  }
  const where = [
    database.kind === "postgres" ? "data in PostgreSQL" : `data in ${dataDir}`,
    s3 ? `uploads in S3 bucket ${s3.bucket}` : `uploads in ${uploadDir}`,
    redis ? "bus on Redis" : "bus in-process",
  ];
  console.log(`[preflight] settings ok (${settings.channels.length} channels); ${where.join(", ")}`);
} catch (err) {
  console.error(err instanceof ConfigError ? `[preflight] ${err.message}` : err);
  process.exit(1);
}
