#!/usr/bin/env node
// Generates the Prisma client of the shared database (run by npm's postinstall).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [prisma, "generate"], { cwd: root, stdio: "inherit", env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });
process.exit(result.status ?? 1);
