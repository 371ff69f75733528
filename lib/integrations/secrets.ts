/** Webhook ids and secrets. */
import "server-only";
import crypto from "node:crypto";

const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
/** A webhook's public id: 12 characters of [a-z0-9]. */
export const WEBHOOK_ID = /^[a-z0-9]{12}$/;

export function newWebhookId(): string {
  let out = "";
  // 36 does not divide 256: bytes past the last whole multiple are drawn again, so every character is equally likely.
  while (out.length < 12) {
    for (const byte of crypto.randomBytes(16)) {
      if (byte < 252 && out.length < 12) out += ID_CHARS[byte % 36];
    }
  }
  return out;
}

/** 32 random bytes, URL-safe. */
export const newSecret = () => crypto.randomBytes(32).toString("base64url");

export const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest();

/** Whether `given` hashes to `storedHex` (a SHA-256 in hex), compared in constant time. */
export function secretMatches(given: string, storedHex: string): boolean {
  const stored = Buffer.from(storedHex, "hex");
  const hashed = sha256(given);
  return stored.length === hashed.length && crypto.timingSafeEqual(stored, hashed);
}

/** `sha256=<hex HMAC-SHA256(secret, body)>`: the X-MiniMost-Signature of an outgoing delivery. */
export const signature = (secret: string, body: string | Buffer) => `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;
