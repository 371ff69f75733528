import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The CLI (generate, migrate deploy) connects through the same JS driver as the app,
// so no engine binary is ever downloaded. The database lives in DATA_DIR (default ./data).
const dataDir = path.resolve(process.env.DATA_DIR ?? "data");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    return new PrismaBetterSQLite3({ url: "file:" + path.join(dataDir, "shared.db") });
  },
});
