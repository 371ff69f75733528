/**
 * The MessageStore on PostgreSQL (issue 14): every user's copy of every message they can see, keyed by
 * owner, the public channels' archives and hidden DMs, in one database that any number of app
 * instances share. Not selected by default yet: lib/messages/index.ts still builds the SQLite store.
 *
 * Why it is built this way:
 * - Rows keyed by owner (message_copies, primary key (owner, id)) rather than a table or schema per
 *   user: one set of indexes, one statement reaches every recipient, and a view costs one row
 *   (message_views). Every read names the owner first, so each query of the SQLite store walks an
 *   index that starts with the owner (./schema.ts lists them).
 * - A delivery is ONE transaction: the archive rows and every recipient's copy, each op one
 *   statement over the whole recipient set (INSERT ... SELECT over message_views, ./ops.ts). Port
 *   decision 2 then holds by atomicity: if the process dies at any moment before COMMIT, nothing of
 *   the send exists and it was never acknowledged; after COMMIT every copy exists. Nothing is ever
 *   half-delivered, so there is no journal to replay and no instance ever has to finish another's
 *   send (replayJournal answers 0), and readers never need to catch up: every read sees every
 *   acknowledged write. The SQLite store needs its journal and background copies because it writes
 *   one file per user; here a public send to 1,000 users is one 1,000-row insert. The price is that
 *   the acknowledgement waits for the copies: measured on this project's 2-core machine under a load
 *   average of 7-8, a send to 2 views took p50 2 ms, to 100 views 6 ms, to 1,000 views 31-64 ms (p95
 *   68-134 ms); 8 concurrent senders wrote 9,300 copies/s into one channel and 16,000 copies/s into
 *   eight (the SQLite store's fan-out: about 10,700 copies/s in bench/RESULTS.md's P1 at 1,000 users).
 *   If acknowledgement latency at 1,000 users matters more than simplicity, the next step is a
 *   journal row and the archive in the acknowledged transaction and the copies in a second one, with
 *   readers reading through the pending journal, as the SQLite store does.
 * - Order: each delivery holds a transaction-scoped advisory lock on its channel (all of them for a
 *   write to everyone), so writes to one channel are applied in one order to the archive and every
 *   copy, as the SQLite journal orders them. copyPublicHistory takes the same lock per channel and
 *   a public send reads the user directory only once it holds it, so a newcomer either is among the
 *   recipients or finds the send in the archive, never neither.
 * - Who gets a public send: the registered accounts (allUsernames, as the SQLite delivery takes
 *   them; the shared database stays where it is), among those that have a view here.
 * - Removing a view takes the views lock exclusively; inserting copies takes it shared, so a send in
 *   flight cannot leave copies behind for a view just removed.
 * - A deadlock or serialization failure (possible between an account-wide rename and an edit) rolls
 *   back and the whole delivery is retried: every op is idempotent.
 * - The pool is small (max 4 by default): a delivery is a handful of statements in one transaction.
 *   bigint columns come back as numbers (ids stay far below 2^53).
 */
import "server-only";
import pg, { type Pool, type PoolClient } from "pg";
import { publicChannelIds } from "@/lib/public-channels";
import { allUsernames } from "@/lib/users";
import type { MessageStore } from "../index";
import { searchPlan, StoreUnavailableError, type Delivery, type DmSummary, type MessageRow, type SearchFilters, type SearchHit } from "../model";
import { applyOps, SELECT_COLUMNS, type Targets } from "./ops";
import { migrate } from "./schema";

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** Schema holding the store's tables (created if missing). Default: public. */
  schema?: string;
  /** Connections in the pool. Default 4. */
  max?: number;
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;
const ROWS_PER_SLICE = 5000;
const RETRIES = 5;

/** bigint (ids, counts) as JavaScript numbers; everything else as pg parses it. */
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const ownerOf = (user: string) => user.toLowerCase();
const DM_RANGE = "(channel >= 'dm:' AND channel < 'dm;')";
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => "\\" + ch);

function retryable(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === "40P01" || code === "40001";
}

export class PostgresMessageStore implements MessageStore {
  private readonly schema: string;
  private pool: Pool | null = null;
  private ready: Promise<Pool> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: PostgresStoreOptions) {
    this.schema = options.schema ?? "public";
    if (!SCHEMA_RE.test(this.schema)) throw new Error(`not a usable schema name: ${JSON.stringify(this.schema)}`);
  }

  /** The pool, the schema migrated on first use (and again after close). */
  private connect(): Promise<Pool> {
    if (!this.ready) {
      const pool = new pg.Pool({
        connectionString: this.options.connectionString,
        max: this.options.max ?? 4,
        options: `-c search_path=${this.schema}`,
        application_name: "minimost-messages",
        types,
      });
      pool.on("error", (err) => console.error("[messages] an idle PostgreSQL connection failed", err));
      // A connection lost while checked out (server restart, terminated backend) fails its query; the
      // client's own error event that follows must not become an uncaught exception.
      pool.on("connect", (client) => client.on("error", (err) => console.error(`[messages] a PostgreSQL connection was lost: ${err.message}`)));
      this.pool = pool;
      this.ready = (async () => {
        const client = await pool.connect();
        try {
          await migrate(client, this.schema);
        } finally {
          client.release();
        }
        return pool;
      })();
      this.ready.catch(() => {
        // A failed start (database down, schema too new) is retried by the next call.
        if (this.pool === pool) {
          this.ready = null;
          this.pool = null;
          void pool.end().catch(() => undefined);
        }
      });
    }
    return this.ready;
  }

  private async query<R extends object = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<R[]> {
    const pool = await this.connect();
    return (await pool.query<R>(sql, values)).rows;
  }

  /** Runs fn in one transaction, retried as a whole after a deadlock or serialization failure. */
  private async transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const pool = await this.connect();
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const out = await fn(client);
        await client.query("COMMIT");
        return out;
      } catch (err) {
        await client.query("ROLLBACK").catch((rollbackErr: Error) => (broken = rollbackErr));
        if (attempt < RETRIES && retryable(err)) continue;
        throw err;
      } finally {
        client.release(broken);
      }
    }
  }

  /** Transaction-scoped locks on channels, taken in one order by everyone (no lock cycles). */
  private async lockChannels(client: PoolClient, channels: readonly string[]): Promise<void> {
    for (const channel of [...new Set(channels)].sort()) {
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`minimost-channel:${this.schema}:${channel}`]);
    }
  }

  private async lockViews(client: PoolClient, mode: "shared" | "exclusive"): Promise<void> {
    const fn = mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
    await client.query(`SELECT ${fn}(hashtext($1))`, [`minimost-views:${this.schema}`]);
  }

  async allocateIds(count = 1): Promise<number> {
    const [row] = await this.query<{ value: number }>(
      "UPDATE message_sequence SET value = value + $1 WHERE name = 'message' RETURNING value",
      [count],
    );
    if (!row) throw new Error("the message-id sequence answered nothing");
    return row.value - count + 1;
  }

  // A user's view.

  async changesAfter(user: string, channel: string, after: number): Promise<MessageRow[]> {
    return this.query<MessageRow>(
      `SELECT ${SELECT_COLUMNS} FROM message_copies WHERE owner = $1 AND channel = $2 AND updated_ts > $3::float8 ORDER BY ts, id`,
      [ownerOf(user), channel, after],
    );
  }

  async newestChangesAfter(user: string, channel: string, after: number, limit: number): Promise<MessageRow[]> {
    return this.query<MessageRow>(
      `SELECT * FROM (SELECT ${SELECT_COLUMNS} FROM message_copies WHERE owner = $1 AND channel = $2 AND updated_ts > $3::float8
                      ORDER BY ts DESC, id DESC LIMIT $4) AS page ORDER BY ts, id`,
      [ownerOf(user), channel, after, Math.max(0, Math.floor(limit))],
    );
  }

  async pageBefore(user: string, channel: string, before: number, limit: number): Promise<MessageRow[]> {
    return this.query<MessageRow>(
      `SELECT * FROM (SELECT ${SELECT_COLUMNS} FROM message_copies WHERE owner = $1 AND channel = $2 AND ts < $3::float8
                      ORDER BY ts DESC, id DESC LIMIT $4) AS page ORDER BY ts, id`,
      [ownerOf(user), channel, before, Math.max(0, Math.floor(limit))],
    );
  }

  async messageById(user: string, id: number): Promise<MessageRow | null> {
    const [row] = await this.query<MessageRow>(`SELECT ${SELECT_COLUMNS} FROM message_copies WHERE owner = $1 AND id = $2`, [ownerOf(user), id]);
    return row ?? null;
  }

  async mergeCandidate(user: string, channel: string): Promise<MessageRow | null> {
    const [row] = await this.query<MessageRow>(
      `SELECT ${SELECT_COLUMNS} FROM message_copies
       WHERE owner = $1 AND channel = $2 AND sender = $3 AND deleted = 0 AND filename IS NULL AND reply_to_id IS NULL
       ORDER BY ts DESC, id DESC LIMIT 1`,
      [ownerOf(user), channel, user],
    );
    return row ?? null;
  }

  async unitAttachments(user: string, unitId: number): Promise<string[]> {
    const rows = await this.query<{ filename: string }>(
      "SELECT filename FROM message_copies WHERE unit_id = $2 AND owner = $1 AND filename IS NOT NULL",
      [ownerOf(user), unitId],
    );
    return rows.map((r) => r.filename);
  }

  async channelsReferencing(user: string, filename: string): Promise<string[]> {
    const rows = await this.query<{ channel: string }>(
      "SELECT DISTINCT channel FROM message_copies WHERE owner = $1 AND filename = $2 AND deleted = 0",
      [ownerOf(user), filename],
    );
    return rows.map((r) => r.channel);
  }

  async unreadCounts(user: string, channels: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
    if (channels.length === 0) return out;
    const rows = await this.query<{ channel: string; n: number }>(
      `SELECT channel, count(*) AS n FROM message_copies
       WHERE owner = $1 AND read = 0 AND sender <> $2 AND deleted = 0 AND channel = ANY($3::text[])
       GROUP BY channel`,
      [ownerOf(user), user, channels],
    );
    for (const row of rows) out[row.channel] = row.n;
    return out;
  }

  async mentionCounts(user: string, channels: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
    const rows = await this.query<{ channel: string; n: number }>(
      // Unread rows are few and indexed (message_copies_unread); a malformed mentions value names nobody.
      `SELECT channel, count(*) AS n FROM message_copies
       WHERE owner = $1 AND read = 0 AND sender <> $2 AND deleted = 0 AND mentions IS NOT NULL
         AND (channel = ANY($3::text[]) OR ${DM_RANGE})
         AND EXISTS (SELECT 1 FROM unnest(message_mentions(mentions)) AS m(name) WHERE lower(m.name) = lower($2) OR m.name = '@everyone')
       GROUP BY channel`,
      [ownerOf(user), user, channels],
    );
    for (const row of rows) out[row.channel] = row.n;
    return out;
  }

  async dmUnreadTotal(user: string): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      `SELECT count(*) AS n FROM message_copies WHERE owner = $1 AND read = 0 AND sender <> $2 AND deleted = 0 AND ${DM_RANGE}`,
      [ownerOf(user), user],
    );
    return row?.n ?? 0;
  }

  async dmSummaries(user: string): Promise<DmSummary[]> {
    return this.query<DmSummary>(
      `SELECT m.channel AS channel, max(m.ts) AS last,
              sum(CASE WHEN m.read = 0 AND m.sender <> $2 AND m.deleted = 0 THEN 1 ELSE 0 END) AS unread
       FROM message_copies m
       WHERE m.owner = $1 AND m.channel >= 'dm:' AND m.channel < 'dm;'
       GROUP BY m.channel
       HAVING max(m.ts) > coalesce((SELECT h.hidden_ts FROM dm_hidden h WHERE h.owner = $1 AND h.channel = m.channel), -1)
       ORDER BY last DESC`,
      [ownerOf(user), user],
    );
  }

  async hideDm(user: string, channel: string, now: number): Promise<void> {
    // The mark is the DM's newest message's time, not the clock (see the SQLite store's hideDm).
    await this.query(
      `INSERT INTO dm_hidden (owner, channel, hidden_ts)
       VALUES ($1, $2, coalesce((SELECT max(ts) FROM message_copies WHERE owner = $1 AND channel = $2), $3::float8))
       ON CONFLICT (owner, channel) DO UPDATE SET hidden_ts = excluded.hidden_ts`,
      [ownerOf(user), channel, now],
    );
  }

  async markChannelRead(user: string, channel: string): Promise<{ id: number; ts: number }[]> {
    return this.query<{ id: number; ts: number }>(
      "UPDATE message_copies SET read = 1 WHERE owner = $1 AND channel = $2 AND sender <> $3 AND read = 0 RETURNING id, ts",
      [ownerOf(user), channel, user],
    );
  }

  async markUnreadFrom(user: string, channel: string, from: { id: number; ts: number }): Promise<number> {
    // As the SQLite store: others' messages from (ts, id) on, in this reader's copy only.
    const rows = await this.query<{ id: number }>(
      `UPDATE message_copies SET read = 0
       WHERE owner = $1 AND channel = $2 AND sender <> $3 AND read = 1 AND (ts > $4::float8 OR (ts = $4::float8 AND id >= $5))
       RETURNING id`,
      [ownerOf(user), channel, user, from.ts, from.id],
    );
    return rows.length;
  }

  /**
   * Newest first, as the SQLite store: every term must match and no excluded text may, each as a
   * substring in any case (ILIKE with the wildcards escaped, so the match stays literal; 3+ characters
   * go through the trigram index). Deleted rows and channels the caller no longer sees never match.
   * With `context`, each hit's neighbours come in the same statement (two index probes per hit on
   * (owner, channel, ts, id)), so a page costs one round trip.
   */
  async search(user: string, f: SearchFilters): Promise<SearchHit[]> {
    const plan = searchPlan(f);
    const values: unknown[] = [ownerOf(user), f.visible];
    const where = ["owner = $1", "deleted = 0", `(channel = ANY($2::text[]) OR ${DM_RANGE})`];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    // One sender or channel is an equality, as before several were possible: the planner orders by the
    // (owner, channel, ts, id) index for it, where = ANY(array) of one element would sort instead.
    if (plan.senders.length === 1) where.push(`lower(sender) = lower(${param(plan.senders[0])})`);
    else if (plan.senders.length) where.push(`lower(sender) = ANY(${param(plan.senders.map((s) => s.toLowerCase()))}::text[])`);
    if (plan.channels.length === 1) where.push(`channel = ${param(plan.channels[0])}`);
    else if (plan.channels.length) where.push(`channel = ANY(${param(plan.channels)}::text[])`);
    if (f.start !== undefined) where.push(`ts >= ${param(f.start)}::float8`);
    if (f.end !== undefined) where.push(`ts < ${param(f.end)}::float8`);
    for (const text of [...plan.indexed, ...plan.scanned]) where.push(`content ILIKE ${param(`%${escapeLike(text)}%`)} ESCAPE '\\'`);
    for (const text of [...plan.excludedIndexed, ...plan.excludedScanned]) where.push(`content NOT ILIKE ${param(`%${escapeLike(text)}%`)} ESCAPE '\\'`);
    const order = plan.indexed.length ? "id DESC" : "ts DESC, id DESC";
    const limit = param(Math.max(0, Math.floor(f.limit)));
    const hits = `SELECT id, channel, sender, content, ts FROM message_copies WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ${limit}`;
    if (!f.context) return this.query<SearchHit>(hits, values);
    const neighbour = (cmp: "<" | ">", dir: "DESC" | "ASC") =>
      `SELECT n.id, n.sender, n.content, n.ts FROM message_copies n
       WHERE n.owner = $1 AND n.channel = h.channel AND n.deleted = 0 AND (n.ts, n.id) ${cmp} (h.ts, h.id)
       ORDER BY n.ts ${dir}, n.id ${dir} LIMIT 1`;
    const rows = await this.query<SearchHit & { b_id: number | null; b_sender: string; b_content: string; b_ts: number; a_id: number | null; a_sender: string; a_content: string; a_ts: number }>(
      `SELECT h.id, h.channel, h.sender, h.content, h.ts,
              b.id AS b_id, b.sender AS b_sender, b.content AS b_content, b.ts AS b_ts,
              a.id AS a_id, a.sender AS a_sender, a.content AS a_content, a.ts AS a_ts
       FROM (${hits}) h
       LEFT JOIN LATERAL (${neighbour("<", "DESC")}) b ON true
       LEFT JOIN LATERAL (${neighbour(">", "ASC")}) a ON true
       ORDER BY ${order.replace(/(ts|id)/g, "h.$1")}`,
      values,
    );
    return rows.map((r) => ({
      id: r.id,
      channel: r.channel,
      sender: r.sender,
      content: r.content,
      ts: r.ts,
      context: {
        before: r.b_id === null ? null : { id: r.b_id, sender: r.b_sender, content: r.b_content, ts: r.b_ts },
        after: r.a_id === null ? null : { id: r.a_id, sender: r.a_sender, content: r.a_content, ts: r.a_ts },
      },
    }));
  }

  // Archives.

  async archiveAfterId(channel: string, afterId: number, limit: number): Promise<MessageRow[]> {
    return this.query<MessageRow>(`SELECT ${SELECT_COLUMNS} FROM channel_archive WHERE channel = $1 AND id > $2 ORDER BY id LIMIT $3`, [
      channel,
      afterId,
      Math.max(0, Math.floor(limit)),
    ]);
  }

  async archiveNewest(channel: string, limit: number): Promise<MessageRow[]> {
    return this.query<MessageRow>(
      `SELECT * FROM (SELECT ${SELECT_COLUMNS} FROM channel_archive WHERE channel = $1 ORDER BY id DESC LIMIT $2) AS page ORDER BY id`,
      [channel, Math.max(0, Math.floor(limit))],
    );
  }

  async archivePosts(channel: string, afterId: number, beforeId: number | null, limit: number): Promise<MessageRow[]> {
    if (!(limit >= 1)) return [];
    // Walks the primary key (channel, id) down from beforeId and stops after `limit` matches.
    return this.query<MessageRow>(
      `SELECT ${SELECT_COLUMNS} FROM channel_archive
       WHERE channel = $1 AND id > $2 AND id < $3 AND deleted = 0 AND content_type = 'text' AND content <> ''
       ORDER BY id DESC LIMIT $4`,
      [channel, afterId, beforeId ?? Number.MAX_SAFE_INTEGER, Math.floor(limit)],
    );
  }

  // Views.

  async addUser(user: string): Promise<void> {
    await this.query("INSERT INTO message_views (owner) VALUES ($1) ON CONFLICT (owner) DO NOTHING", [ownerOf(user)]);
  }

  async hasUser(user: string): Promise<boolean> {
    return (await this.query("SELECT 1 FROM message_views WHERE owner = $1", [ownerOf(user)])).length > 0;
  }

  async removeUser(user: string): Promise<void> {
    const owner = ownerOf(user);
    await this.transaction(async (client) => {
      await this.lockViews(client, "exclusive");
      await client.query("DELETE FROM message_views WHERE owner = $1", [owner]);
      await client.query("DELETE FROM message_copies WHERE owner = $1", [owner]);
      await client.query("DELETE FROM dm_hidden WHERE owner = $1", [owner]);
    });
  }

  /**
   * Copies the archives into the view, marked read, a slice of rows per transaction (a long history
   * never holds one open for long). Each slice holds the channel's lock (see the header).
   */
  async copyPublicHistory(user: string, channels: readonly string[]): Promise<number> {
    const owner = ownerOf(user);
    if (!(await this.hasUser(user))) throw new StoreUnavailableError("missing", `message_views/${owner}`, `no message view for ${JSON.stringify(user)}`);
    let copied = 0;
    for (const channel of channels) {
      let cursor = 0;
      for (;;) {
        const slice = await this.transaction(async (client) => {
          await this.lockChannels(client, [channel]);
          await this.lockViews(client, "shared");
          const { rows } = await client.query<{ last: number | null; n: number; added: number }>(
            `WITH slice AS (
               SELECT ${SELECT_COLUMNS} FROM channel_archive WHERE channel = $2 AND id > $3 ORDER BY id LIMIT $4
             ), added AS (
               INSERT INTO message_copies (owner, ${SELECT_COLUMNS})
               SELECT v.owner, s.id, s.channel, s.sender, s.content, s.content_type, s.filename, s.ts, s.edited, s.edited_ts, 1,
                      s.deleted, s.deleted_ts, s.reply_to_id, s.reactions_ts, s.mentions, s.unit_id, s.updated_ts, s.agent
               FROM slice s JOIN message_views v ON v.owner = $1
               ON CONFLICT (owner, id) DO NOTHING RETURNING 1
             )
             SELECT (SELECT max(id) FROM slice) AS last, (SELECT count(*) FROM slice) AS n, (SELECT count(*) FROM added) AS added`,
            [owner, channel, cursor, ROWS_PER_SLICE],
          );
          return rows[0]!;
        });
        copied += slice.added;
        if (slice.last === null || slice.n < ROWS_PER_SLICE) break;
        cursor = slice.last;
      }
    }
    return copied;
  }

  // Writes.

  submit(delivery: Delivery): Promise<void> {
    const done = this.deliver(delivery);
    this.inFlight.add(done);
    const forget = () => this.inFlight.delete(done);
    done.then(forget, forget);
    return done;
  }

  /** A delivery is complete when its transaction commits: submitting is delivering. */
  deliverNow(delivery: Delivery): Promise<void> {
    return this.submit(delivery);
  }

  private async deliver({ channel, audience, ops, readBy = [] }: Delivery): Promise<void> {
    if (ops.length === 0) return;
    const archives = audience.kind === "public" ? [audience.channel] : audience.kind === "everyone" ? publicChannelIds() : [];
    const locks = audience.kind === "public" ? [audience.channel] : [channel, ...archives];
    const inserts = ops.some((op) => op.op === "insert");
    await this.transaction(async (client) => {
      await this.lockChannels(client, locks);
      if (inserts) await this.lockViews(client, "shared");
      // Read under the channel lock: a newcomer registered before this is a recipient; one registered
      // after finds the send in the archive (copyPublicHistory waits for this lock).
      const audienceOwners =
        audience.kind === "users" ? audience.users.map(ownerOf) : inserts ? (await allUsernames()).map(ownerOf) : [];
      const targets: Targets = {
        archives,
        insertOwners: audienceOwners,
        patchOwners: audience.kind === "users" ? audienceOwners : null,
        readBy: readBy === true ? true : readBy.map(ownerOf),
      };
      await applyOps(client, ops, targets);
    });
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Nothing is ever left half-delivered (a delivery is one transaction): there is nothing to replay. */
  async replayJournal(): Promise<number> {
    return 0;
  }

  async purgeBefore(cutoff: number): Promise<number> {
    return this.transaction(async (client) => {
      const copies = await client.query("DELETE FROM message_copies WHERE ts < $1::float8", [cutoff]);
      const archived = await client.query("DELETE FROM channel_archive WHERE ts < $1::float8", [cutoff]);
      return (copies.rowCount ?? 0) + (archived.rowCount ?? 0);
    });
  }

  /** Waits for this instance's writes, then closes the pool; the next call opens a new one. */
  async probe(): Promise<void> {
    await this.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.settled();
    const pool = this.pool;
    const ready = this.ready;
    this.pool = null;
    this.ready = null;
    if (pool) {
      await ready?.catch(() => undefined);
      await pool.end();
    }
  }
}
