// Runs the real migrations once per change into a template database; each test file copies it.
import fs from "node:fs";
import path from "node:path";
import { migrate } from "../../scripts/migrate.mjs";
import { templateDir } from "./template.mjs";

export default async function globalSetup() {
  const dir = templateDir();
  // Every test file of this run copies this one, even if a migration is added while the run goes on.
  process.env.MINIMOST_TEST_TEMPLATE = dir;
  if (fs.existsSync(path.join(dir, "ready"))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  migrate({ ...process.env, DATA_DIR: dir });
  fs.writeFileSync(path.join(dir, "ready"), "");
}
