import crypto from "node:crypto";
import { db, nowSeconds } from "@/lib/db/client";
import { invalidateDirectory } from "@/lib/users";

/** An account row in the shared database, without signing up: the directory public deliveries go to. */
export async function registerAccount(username: string): Promise<void> {
  await db().user.create({
    data: {
      username,
      usernameKey: username.toLowerCase(),
      accountId: crypto.randomUUID(),
      passwordHash: "not-a-hash",
      createdAt: nowSeconds(),
      settings: { create: {} },
    },
  });
  invalidateDirectory();
}
