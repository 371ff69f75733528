import fs from "node:fs";
import { closeAllMessageFiles } from "@/lib/messages/sqlite/store";
import { disconnectDb } from "@/lib/db/client";

afterAll(async () => {
  closeAllMessageFiles();
  await disconnectDb();
  const root = process.env.MINIMOST_TEST_ROOT;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});
