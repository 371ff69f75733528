import fs from "node:fs";
import { tokenUsesSettled } from "@/lib/auth/tokens";
import { disconnectDb } from "@/lib/db/client";
import { closeBus } from "@/lib/events";
import { existingSingleton } from "@/lib/globals";
import type { MessageStore } from "@/lib/messages";
import { settled as sqliteSettled } from "@/lib/messages/sqlite/delivery";
import { stopFanoutWorkers } from "@/lib/messages/sqlite/fanout";
import { closeAllMessageFiles } from "@/lib/messages/sqlite/store";
import { scratchDir } from "@/lib/uploads/storage";
import { pgAdmin } from "./template.mjs";

// test:scale: this file's database (named by env.ts), copied from the run's migrated template.
const database = process.env.MINIMOST_TEST_SCALE === "1" ? process.env.MINIMOST_TEST_DATABASE : undefined;

if (database) {
  beforeAll(async () => {
    const template = process.env.MINIMOST_TEST_PG_TEMPLATE;
    if (!template) throw new Error("MINIMOST_TEST_PG_TEMPLATE is not set: run test:scale through scripts/test-scale.mjs");
    // CREATE DATABASE … TEMPLATE refuses while another session is connected to the template
    // (another run's file being created at the same instant): try again briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await pgAdmin(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== "55006" || attempt >= 50) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
}

afterAll(async () => {
  // Copies still on their way (a signup's welcome, a send a test did not wait for) are written before the
  // data goes. Each test file has its own globals, so its own store, fan-out workers and bus, closed here.
  const store = existingSingleton<MessageStore>("message-store");
  await store?.settled();
  if (!database) await sqliteSettled(); // tests of SQLite internals deliver without the port
  await store?.close();
  stopFanoutWorkers();
  closeAllMessageFiles();
  await tokenUsesSettled(); // a token's last use is written after its answer went out
  await disconnectDb();
  await closeBus();
  if (database) await pgAdmin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  // On S3, uploads are staged in the OS temp folder, named after this file's bucket and prefix.
  if (process.env.S3_BUCKET) fs.rmSync(scratchDir(), { recursive: true, force: true });
  const root = process.env.MINIMOST_TEST_ROOT;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});
