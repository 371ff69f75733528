// Where the migrated template database for the test run lives: keyed by the migrations' content,
// so it is rebuilt exactly when a migration changes.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function templateDir(root = process.cwd()) {
  const migrations = path.join(root, "prisma", "migrations");
  const hash = crypto.createHash("sha256");
  for (const name of fs.readdirSync(migrations).sort()) {
    const file = path.join(migrations, name, "migration.sql");
    if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
  }
  return path.join(os.tmpdir(), `minimost-test-template-${hash.digest("hex").slice(0, 16)}`);
}
