/**
 * Which engines this instance stands on (issue 14), read from the environment, each independently:
 *
 * - `DATABASE_URL`: unset (or `file:`) keeps the embedded default, SQLite in the data folder (the
 *   shared database and the per-user message files); `postgres://…` or `postgresql://…` puts both the
 *   shared database and the message store on PostgreSQL.
 * - `REDIS_URL` (`redis://…`, `rediss://…`): the bus (change notices, cache invalidations) goes through
 *   Redis, so several instances see each other's changes; unset keeps it in-process. `REDIS_PREFIX`
 *   (default `minimost:`) starts every key and channel name, so deployments can share one Redis.
 * - `S3_BUCKET` (with `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`,
 *   `S3_FORCE_PATH_STYLE`, `S3_PREFIX`): uploads and avatars go to S3-compatible storage, under keys
 *   starting with `S3_PREFIX` (default none); unset keeps them in UPLOAD_DIR.
 *
 * Anything else in these variables is a configuration mistake and stops the start with a clear message,
 * rather than quietly running on the default.
 */
import { ConfigError } from "@/lib/config";

export type DatabaseBackend = { kind: "sqlite" } | { kind: "postgres"; url: string };

export interface S3Backend {
  bucket: string;
  /** Unset: AWS itself (by region). Set for MinIO, s3rver or any S3-compatible server. */
  endpoint?: string;
  region: string;
  /** Unset: the SDK's default credential chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path rather than the host name: what MinIO and s3rver need. Default: on when an endpoint is set. */
  forcePathStyle: boolean;
  /** Put before every object key ("" or ending in "/"), so deployments can share one bucket. */
  prefix: string;
}

export interface RedisBackend {
  url: string;
  /** Put before every key and channel name. */
  prefix: string;
}

export interface Backends {
  database: DatabaseBackend;
  redis: RedisBackend | null;
  s3: S3Backend | null;
}

const POSTGRES = /^postgres(ql)?:\/\//i;
const REDIS = /^rediss?:\/\//i;

export function databaseBackend(env: NodeJS.ProcessEnv = process.env): DatabaseBackend {
  const url = env.DATABASE_URL?.trim();
  if (!url || url.startsWith("file:")) return { kind: "sqlite" };
  if (POSTGRES.test(url)) return { kind: "postgres", url };
  throw new ConfigError("DATABASE_URL must be a postgres:// URL (or unset for the embedded SQLite database)");
}

const PREFIX = /^[A-Za-z0-9._:/-]{0,100}$/;

export function redisBackend(env: NodeJS.ProcessEnv = process.env): RedisBackend | null {
  const url = env.REDIS_URL?.trim();
  if (!url) return null;
  const prefix = env.REDIS_PREFIX ?? "minimost:";
  if (!PREFIX.test(prefix)) throw new ConfigError("REDIS_PREFIX may hold only letters, digits and . _ : / - (at most 100)");
  if (REDIS.test(url)) return { url, prefix };
  throw new ConfigError("REDIS_URL must be a redis:// or rediss:// URL (or unset to keep the bus in-process)");
}

export function s3Backend(env: NodeJS.ProcessEnv = process.env): S3Backend | null {
  const bucket = env.S3_BUCKET?.trim();
  if (!bucket) {
    if (env.S3_ENDPOINT?.trim()) throw new ConfigError("S3_ENDPOINT is set but S3_BUCKET is not: name the bucket for uploads");
    return null;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`S3_BUCKET ${JSON.stringify(bucket)} is not a valid bucket name`);
  const endpoint = env.S3_ENDPOINT?.trim() || undefined;
  if (endpoint && !/^https?:\/\//i.test(endpoint)) throw new ConfigError("S3_ENDPOINT must be an http:// or https:// URL");
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim();
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim();
  if (!!accessKeyId !== !!secretAccessKey) throw new ConfigError("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both or neither");
  let prefix = env.S3_PREFIX?.trim() ?? "";
  if (!PREFIX.test(prefix) || prefix.startsWith("/")) throw new ConfigError("S3_PREFIX may hold only letters, digits and . _ : / - (at most 100), not starting with /");
  if (prefix && !prefix.endsWith("/")) prefix += "/";
  const pathStyle = env.S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  return {
    bucket,
    endpoint,
    region: env.S3_REGION?.trim() || "us-east-1",
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: pathStyle ? pathStyle === "true" || pathStyle === "1" : !!endpoint,
    prefix,
  };
}

/** All three, checked together (start-up calls this so a mistake stops it at once). */
export function backends(env: NodeJS.ProcessEnv = process.env): Backends {
  return { database: databaseBackend(env), redis: redisBackend(env), s3: s3Backend(env) };
}
