import fs from "node:fs";
import { closeAllMessageFiles } from "@/lib/messages/store";
import { db } from "@/lib/db/client";

afterAll(async () => {
  closeAllMessageFiles();
  await db().$disconnect();
  const root = process.env.MINIMOST_TEST_ROOT;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});
