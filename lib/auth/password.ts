/**
 * Password hashes in Werkzeug's `method$salt$hash` format, so an existing MiniMost auth.db imports as is:
 * new hashes are salted scrypt; pbkdf2 hashes from older installs still verify. Hashing runs on libuv's
 * thread pool and never blocks the event loop.
 */
import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;
const pbkdf2 = promisify(crypto.pbkdf2);

const SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function salt(length = 16): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (const byte of bytes) out += SALT_CHARS[byte % SALT_CHARS.length];
  return out;
}

/** scrypt cost: Werkzeug's 2^15 unless PASSWORD_SCRYPT_N lowers it (the test suite does, for speed). */
function scryptCost(): number {
  const n = Number(process.env.PASSWORD_SCRYPT_N);
  return Number.isInteger(n) && n >= 1024 && (n & (n - 1)) === 0 ? n : 32768;
}

async function scryptHex(password: string, saltText: string, n: number, r: number, p: number): Promise<string> {
  const key = await scrypt(password, saltText, 64, { N: n, r, p, maxmem: 132 * n * r * p + 1024 * 1024 });
  return key.toString("hex");
}

export async function hashPassword(password: string): Promise<string> {
  const n = scryptCost();
  const s = salt();
  return `scrypt:${n}:8:1$${s}$${await scryptHex(password, s, n, 8, 1)}`;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [method, saltText, expected] = stored.split("$");
  if (!method || saltText === undefined || !expected) return false;
  const parts = method.split(":");
  if (parts[0] === "scrypt") {
    const [n = 0, r = 0, p = 0, ...extra] = parts.slice(1).map(Number);
    if (extra.length > 0 || ![n, r, p].every((v) => Number.isInteger(v) && v > 0)) return false;
    return sameHex(await scryptHex(password, saltText, n, r, p), expected);
  }
  if (parts[0] === "pbkdf2") {
    const digest = parts[1] ?? "sha256";
    const iterations = Number(parts[2] ?? 600000);
    if (!Number.isInteger(iterations) || iterations <= 0 || !crypto.getHashes().includes(digest)) return false;
    const size = crypto.createHash(digest).digest().length;
    const key = await pbkdf2(password, saltText, iterations, size, digest);
    return sameHex(key.toString("hex"), expected);
  }
  return false;
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification, so unknown usernames answer as slowly as wrong passwords. */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-1!A");
  await verifyPassword(password, await dummyHash);
}
