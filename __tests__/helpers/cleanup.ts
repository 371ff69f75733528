import fs from "node:fs";
import { settled } from "@/lib/messages/sqlite/delivery";
import { stopFanoutWorkers } from "@/lib/messages/sqlite/fanout";
import { closeAllMessageFiles } from "@/lib/messages/sqlite/store";
import { disconnectDb } from "@/lib/db/client";

afterAll(async () => {
  // Copies still on their way (a signup's welcome, a send a test did not wait for) are written before the
  // data folder goes. Each test file has its own globals, so its own fan-out workers, stopped here.
  await settled();
  stopFanoutWorkers();
  closeAllMessageFiles();
  await disconnectDb();
  const root = process.env.MINIMOST_TEST_ROOT;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});
