import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openMessageFile } from "@/lib/messages/sqlite/store";


/** Runs the writer until it has committed at least `atLeast` rows, then kills it with SIGKILL. */
function writeUntilKilled(target: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "__tests__/fixtures/crash-writer.ts", target], { stdio: ["ignore", "pipe", "pipe"] });
    let committed = 0;
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) committed = Math.max(committed, Number(line));
      if (committed >= atLeast) child.kill("SIGKILL");
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
    // The writer runs in this very process (no wrapper), so the kill lands on the process that writes.
    child.on("exit", (_code, signal) => {
      clearTimeout(guard);
      if (signal === "SIGKILL" && committed >= atLeast) resolve(committed);
      else reject(new Error(`writer stopped after ${committed} rows: ${stderr}`));
    });
  });
}

it("a message file killed in the middle of writes reopens intact, every committed batch present", async () => {
  const target = path.join(process.env.DATA_DIR!, "users", "crash.db");
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const committed = await writeUntilKilled(target, 3000);
  expect(fs.existsSync(target + "-wal")).toBe(true); // it really died mid-flight, with an unmerged WAL

  const handle = openMessageFile(target, false);
  expect(handle.db.pragma("integrity_check", { simple: true })).toBe("ok");
  handle.db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run();
  const { n, max } = handle.db.prepare("SELECT count(*) AS n, max(id) AS max FROM messages").get() as { n: number; max: number };
  expect(n).toBeGreaterThanOrEqual(committed);
  expect(n % 50).toBe(0); // whole transactions only
  expect(max).toBe(n);
  handle.close();
  // A plain SQLite client agrees.
  const plain = new Database(target, { readonly: true });
  expect(plain.prepare("SELECT count(*) AS n FROM messages").get()).toEqual({ n });
  plain.close();
}, 30_000);
