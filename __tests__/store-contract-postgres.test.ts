// The MessageStore contract (helpers/store-contract.ts) run against the PostgreSQL store, on the local
// PostgreSQL (MINIMOST_TEST_PG_URL, default the `test` database on 127.0.0.1:5432). Each run gets a
// schema of its own, dropped afterwards, so runs never collide and leave nothing behind.
import crypto from "node:crypto";
import pg from "pg";
import { db, nowSeconds } from "@/lib/db/client";
import { PostgresMessageStore } from "@/lib/messages/postgres";
import { invalidateDirectory } from "@/lib/users";
import { describeStoreContract } from "./helpers/store-contract";

const url = process.env.MINIMOST_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `minimost_test_${crypto.randomBytes(6).toString("hex")}`;
let store: PostgresMessageStore | null = null;

/** An account row in the shared database (still SQLite): the directory public deliveries go to. */
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

afterAll(async () => {
  await store?.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
});

describeStoreContract("PostgreSQL", async () => {
  store = new PostgresMessageStore({ connectionString: url, schema, max: 4 });
  return { store, register: registerAccount };
});
