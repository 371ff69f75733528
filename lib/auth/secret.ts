import crypto from "node:crypto";
import fs from "node:fs";
import { databaseBackend } from "@/lib/backends";
import { ConfigError, paths } from "@/lib/config";

const state = globalThis as unknown as { __minimostSecret?: { file: string; secret: string } };

/**
 * The key that signs and encrypts session tokens. From AUTH_SECRET / NEXTAUTH_SECRET when set;
 * otherwise generated on first start and kept, readable by the owner only, in the data folder. On
 * PostgreSQL (several instances, maybe on several machines, each with its own data folder) it must come
 * from the environment: a key per data folder would make each instance refuse the others' sessions.
 */
export function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (databaseBackend().kind === "postgres") {
    throw new ConfigError("with DATABASE_URL on PostgreSQL, set AUTH_SECRET to the same random value on every instance");
  }
  const { dataDir, secretFile } = paths();
  const cached = state.__minimostSecret;
  if (cached && cached.file === secretFile) return cached.secret;
  let secret: string;
  try {
    secret = fs.readFileSync(secretFile, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    fs.mkdirSync(dataDir, { recursive: true });
    secret = crypto.randomBytes(32).toString("hex");
    try {
      // "wx": two processes starting at once must agree on one secret.
      fs.writeFileSync(secretFile, secret + "\n", { flag: "wx", mode: 0o600 });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code !== "EEXIST") throw writeErr;
      secret = fs.readFileSync(secretFile, "utf8").trim();
    }
  }
  if (secret.length < 32) throw new Error(`${secretFile} holds a secret shorter than 32 characters`);
  state.__minimostSecret = { file: secretFile, secret };
  return secret;
}
