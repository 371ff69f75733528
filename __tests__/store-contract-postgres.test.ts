// The MessageStore contract (helpers/store-contract.ts) run against the PostgreSQL store, on the local
// PostgreSQL (MINIMOST_TEST_PG_URL, default the `test` database on 127.0.0.1:5432). Each run gets a
// schema of its own, dropped afterwards, so runs never collide and leave nothing behind.
import crypto from "node:crypto";
import pg from "pg";
import { newRow } from "@/lib/messages";
import { PostgresMessageStore } from "@/lib/messages/postgres";
import { registerAccount } from "./helpers/accounts";
import { describeStoreContract } from "./helpers/store-contract";

const url = process.env.MINIMOST_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `minimost_test_${crypto.randomBytes(6).toString("hex")}`;
let store: PostgresMessageStore | null = null;


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

/** What the contract cannot say about one implementation: atomicity, concurrency, several instances. */
describe("PostgresMessageStore", () => {
  let serial = 0;
  const fresh = (tag: string) => `pg${tag}${++serial}y`;
  let main: PostgresMessageStore;
  let other: PostgresMessageStore;

  beforeAll(() => {
    main = new PostgresMessageStore({ connectionString: url, schema, max: 4 });
    // A second instance of the app: its own pool on the same database and schema.
    other = new PostgresMessageStore({ connectionString: url, schema, max: 4 });
  });

  afterAll(async () => {
    await main.close();
    await other.close();
  });

  async function account(store: PostgresMessageStore, tag: string): Promise<string> {
    const user = fresh(tag);
    await store.addUser(user);
    await registerAccount(user);
    return user;
  }

  const post = async (store: PostgresMessageStore, channel: string, sender: string, content: string, ts: number) =>
    newRow({ id: await store.allocateIds(1), channel, sender, content, ts });

  it("applies a delivery whole or not at all", async () => {
    const [alice, bob] = [await account(main, "a"), await account(main, "b")];
    const channel = fresh("pub");
    const row = await post(main, channel, alice, "half", 100);
    // The insert runs, then the second op fails: the transaction takes the insert back.
    const failing = main.submit({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows: [row] }, { op: "patch", ids: [row.id], set: {} }] });
    await expect(failing).rejects.toThrow("empty patch");
    expect(await main.archiveAfterId(channel, 0, 10)).toEqual([]);
    expect(await main.messageById(alice, row.id)).toBeNull();
    expect(await main.messageById(bob, row.id)).toBeNull();
  });

  it("leaves nothing of a delivery whose connection dies half-way, and a retry delivers it once", async () => {
    const [alice, bob] = [await account(main, "a"), await account(main, "b")];
    const channel = fresh("pub");
    const row = await post(main, channel, alice, "interrupted", 100);
    const outside = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    const watcher = new pg.Client({ connectionString: url });
    await outside.connect();
    await watcher.connect();
    try {
      // Holds bob's copy of the row in an open transaction: the delivery writes the archive, then waits
      // on that row while inserting the copies, and is killed there.
      await outside.query("BEGIN");
      await outside.query(
        "INSERT INTO message_copies (owner, id, channel, sender, content, ts, unit_id, updated_ts) VALUES ($1, $2, $3, $4, 'x', 1, $2, 1)",
        [bob.toLowerCase(), row.id, channel, alice],
      );
      const delivery = { channel, audience: { kind: "public" as const, channel }, ops: [{ op: "insert" as const, rows: [row] }] };
      const interrupted = main.submit(delivery);
      let killed = false;
      for (let i = 0; i < 200 && !killed; i++) {
        // Asked outside any transaction: within one, pg_stat_activity answers one snapshot throughout.
        const { rows } = await watcher.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'minimost-messages' AND wait_event_type = 'Lock'
             AND query LIKE '%INSERT INTO message_copies%' AND pid <> pg_backend_pid()`,
        );
        for (const { pid } of rows) killed = (await watcher.query<{ ok: boolean }>("SELECT pg_terminate_backend($1) AS ok", [pid])).rows[0]!.ok;
        if (!killed) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(killed).toBe(true);
      await expect(interrupted).rejects.toThrow();
      await outside.query("ROLLBACK");
      expect(await main.archiveAfterId(channel, 0, 10)).toEqual([]);
      expect(await main.messageById(alice, row.id)).toBeNull();
      expect(await main.messageById(bob, row.id)).toBeNull();

      await main.submit(delivery);
      await main.submit(delivery);
      expect((await main.archiveAfterId(channel, 0, 10)).map((r) => r.id)).toEqual([row.id]);
      expect((await main.changesAfter(bob, channel, 0)).map((r) => r.content)).toEqual(["interrupted"]);
      expect((await main.changesAfter(alice, channel, 0)).map((r) => r.content)).toEqual(["interrupted"]);
    } finally {
      await outside.end();
      await watcher.end();
    }
  });

  it("gives a newcomer joining during 30 concurrent public sends each of them once", async () => {
    const alice = await account(main, "a");
    const channel = fresh("pub");
    const newcomer = fresh("n");
    const sends = Array.from({ length: 30 }, async (_, i) => {
      const row = await post(main, channel, alice, `m${i}`, 100 + i);
      await main.submit({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows: [row] }] });
      return row.id;
    });
    // Signup's order: the view, the account, then the history.
    const joining = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await main.addUser(newcomer);
      await registerAccount(newcomer);
      await main.copyPublicHistory(newcomer, [channel]);
    })();
    const ids = await Promise.all(sends);
    await joining;
    const got = (await main.changesAfter(newcomer, channel, 0)).map((r) => r.id);
    expect([...got].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("gives a newcomer a send that read the directory before the signup, by holding copyPublicHistory until it commits", async () => {
    const alice = await account(main, "a");
    const channel = fresh("pub");
    const row = await post(main, channel, alice, "in flight", 100);
    const newcomer = fresh("n");
    const outside = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    const watcher = new pg.Client({ connectionString: url });
    await outside.connect();
    await watcher.connect();
    const waiting = async (what: string) => {
      for (let i = 0; i < 200; i++) {
        const { rows } = await watcher.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = 'minimost-messages' AND wait_event_type = 'Lock' AND query LIKE $1",
          [what],
        );
        if (rows.length > 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return false;
    };
    try {
      // The send stops on alice's copy, after it has read the directory (without the newcomer) and
      // written the archive.
      await outside.query("BEGIN");
      await outside.query(
        "INSERT INTO message_copies (owner, id, channel, sender, content, ts, unit_id, updated_ts) VALUES ($1, $2, $3, $4, 'x', 1, $2, 1)",
        [alice.toLowerCase(), row.id, channel, alice],
      );
      const sending = main.submit({ channel, audience: { kind: "public", channel }, ops: [{ op: "insert", rows: [row] }] });
      expect(await waiting("%INSERT INTO message_copies%")).toBe(true);
      // The newcomer signs up meanwhile; its history copy must wait for the send (the channel's lock).
      await main.addUser(newcomer);
      await registerAccount(newcomer);
      const joining = main.copyPublicHistory(newcomer, [channel]);
      await waiting("%pg_advisory_xact_lock%");
      await outside.query("ROLLBACK");
      await sending;
      expect(await joining).toBe(1);
      expect(await main.messageById(newcomer, row.id)).toEqual({ ...row, read: 1 });
    } finally {
      await outside.end();
      await watcher.end();
    }
  });

  it("lets two instances share one team: ids, sends, edits and reads through either", async () => {
    const [alice, bob] = [await account(main, "a"), await account(main, "b")];
    const channel = fresh("pub");
    const audience = { kind: "public" as const, channel };
    const sent = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const store = i % 2 === 0 ? main : other;
        const row = await post(store, channel, i % 2 === 0 ? alice : bob, `m${i}`, 100 + i);
        await store.submit({ channel, audience, ops: [{ op: "insert", rows: [row] }] });
        return row;
      }),
    );
    expect(new Set(sent.map((r) => r.id)).size).toBe(20);
    const edited = sent[3]!;
    await other.submit({ channel, audience, ops: [{ op: "patch", ids: [edited.id], set: { content: "edited", edited: 1, edited_ts: 500, updated_ts: 500 } }] });
    for (const store of [main, other]) {
      for (const user of [alice, bob]) {
        const rows = await store.changesAfter(user, channel, 0);
        expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(sent.map((r) => r.id).sort((a, b) => a - b));
        expect(rows.find((r) => r.id === edited.id)?.content).toBe("edited");
      }
      expect((await store.archiveAfterId(channel, 0, 100)).length).toBe(20);
    }
    expect(await main.unreadCounts(alice, [channel])).toEqual({ [channel]: 10 });
    expect((await other.search(bob, { q: "EDITED", visible: [channel], limit: 10 })).map((h) => h.id)).toEqual([edited.id]);
  });
});
