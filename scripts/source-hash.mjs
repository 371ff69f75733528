// What a build is made of, as one hash of paths and contents: `npm start` rebuilds only when this
// changes, so an `npm install` that rewrites the lockfile unchanged (a new mtime) costs no rebuild.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Everything `next build` reads from the project. */
export const BUILD_INPUTS = [
  "app", "lib", "public", "proxy.ts", "instrumentation.ts", "next.config.ts", "tsconfig.json", "postcss.config.mjs",
  "package.json", "package-lock.json", "prisma/schema.prisma",
];

export function sourceHash(base = root) {
  const hash = crypto.createHash("sha256");
  const visit = (rel) => {
    const abs = path.join(base, rel);
    let stat;
    try {
      stat = fs.statSync(abs);
    } catch {
      return; // an optional input that is absent
    }
    if (stat.isDirectory()) {
      if (path.basename(rel) === "generated") return; // Prisma's client follows prisma/schema.prisma
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else {
      hash.update(`${rel}\0${stat.size}\0`).update(fs.readFileSync(abs)).update("\0");
    }
  };
  for (const entry of BUILD_INPUTS) visit(entry);
  return hash.digest("hex");
}
