// Every test file gets its own data folder, uploads folder and settings file, with a migrated database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { templateDir } from "./template.mjs";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-test-"));
const dataDir = path.join(root, "data");
fs.mkdirSync(dataDir, { recursive: true });
const template = process.env.MINIMOST_TEST_TEMPLATE ?? templateDir();
for (const file of ["shared.db"]) fs.copyFileSync(path.join(template, file), path.join(dataDir, file));

process.env.MINIMOST_TEST_ROOT = root;
process.env.DATA_DIR = dataDir;
process.env.UPLOAD_DIR = path.join(root, "uploads");
process.env.SETTINGS_FILE = path.join(root, "settings.json");
process.env.AUTH_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
// Cheap hashes keep the suite fast; the stored format and the verification path are the real ones.
process.env.PASSWORD_SCRYPT_N = "1024";

fs.writeFileSync(
  process.env.SETTINGS_FILE,
  JSON.stringify({ channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0 }, null, 2),
);
