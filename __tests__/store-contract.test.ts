// The MessageStore contract (helpers/store-contract.ts), run against each implementation.
import crypto from "node:crypto";
import { db, nowSeconds } from "@/lib/db/client";
import { SqliteMessageStore } from "@/lib/messages/sqlite";
import { invalidateDirectory } from "@/lib/users";
import { describeStoreContract } from "./helpers/store-contract";

/** An account row in the shared database: the directory public deliveries go to. */
async function registerAccount(username: string): Promise<void> {
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

describeStoreContract("SQLite", async () => ({ store: new SqliteMessageStore(), register: registerAccount }));
