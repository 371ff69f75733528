// `npm start` on an existing build: a restart after `npm install` (which rewrites the lockfile with a
// new modification time but the same content) serves at once from the same build, while a real
// change to the sources is rebuilt.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import os from "node:os";
import { sourceHash } from "../scripts/source-hash.mjs";
import { root, startServer } from "./harness.mjs";

const buildDir = path.join(root, process.env.MINIMOST_BUILD_DIR || ".next");
const log = (server) => fs.readFileSync(path.join(server.dir, "server.log"), "utf8");

describe("npm start", () => {
  it("does not rebuild when only file times changed", async () => {
    const first = await startServer(); // builds when this checkout has no current build
    await first.stop({ keepDir: true });
    const firstLog = log(first).length;
    const buildId = fs.readFileSync(path.join(buildDir, "BUILD_ID"), "utf8");
    const now = new Date();
    for (const file of ["package-lock.json", "package.json", "next.config.ts", "app/layout.tsx"]) {
      fs.utimesSync(path.join(root, file), now, now); // what `npm install` or a checkout does to them
    }
    const again = await startServer({ dir: first.dir });
    try {
      const res = await fetch(`${again.base}/login`);
      assert.equal(res.status, 200);
    } finally {
      await again.stop({ keepDir: true });
    }
    const restartLog = log(again).slice(firstLog);
    fs.rmSync(again.dir, { recursive: true, force: true });
    assert.match(restartLog, /Ready|started|Local/i, "the restart's output was captured");
    assert.doesNotMatch(restartLog, /building/);
    assert.equal(fs.readFileSync(path.join(buildDir, "BUILD_ID"), "utf8"), buildId, "the same build serves");
  });

  it("rebuilds when the content of a source changes, not its time", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-hash-"));
    try {
      fs.mkdirSync(path.join(base, "app"));
      fs.writeFileSync(path.join(base, "app", "page.tsx"), "export default 1;\n");
      fs.writeFileSync(path.join(base, "package-lock.json"), "{}\n");
      const before = sourceHash(base);
      const later = new Date(Date.now() + 60_000);
      fs.utimesSync(path.join(base, "package-lock.json"), later, later);
      assert.equal(sourceHash(base), before);
      fs.writeFileSync(path.join(base, "app", "page.tsx"), "export default 2;\n");
      assert.notEqual(sourceHash(base), before);
      fs.writeFileSync(path.join(base, "app", "page.tsx"), "export default 1;\n");
      fs.writeFileSync(path.join(base, "app", "new.tsx"), "");
      assert.notEqual(sourceHash(base), before, "a new file counts");
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
