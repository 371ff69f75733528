/**
 * The PostgreSQL schema of the message store, in code and in one place: each entry of MIGRATIONS
 * brings the store from version i to i+1, `message_store_version` records where a database stands.
 * `migrate` runs on the store's first use, in one transaction under an advisory lock, so several
 * instances starting at once migrate once and never see a half-made schema.
 *
 * Tables (every query of the SQLite store has an index here; see ./index.ts for who asks what):
 * - message_views (owner): who has a view. `owner` is the lower-cased username, as the SQLite store's
 *   file name is, so two spellings of one name share one view.
 * - message_copies (owner, id, every MessageRow column, read): each user's copy, keyed by owner and
 *   global id (insert-or-ignore on that key is what makes a replayed write idempotent).
 * - channel_archive (channel, id, ...): the canonical copy of each public channel's messages.
 * - dm_hidden (owner, channel, hidden_ts): hidden DMs.
 * - message_sequence: the global message ids.
 * No journal table: a delivery is one transaction (./index.ts says why), so nothing is ever left
 * half-delivered for another instance to finish.
 *
 * Channel, sender and owner compare bytewise (COLLATE "C"), as SQLite's do: the DM prefix range
 * `channel >= 'dm:' AND channel < 'dm;'` means the same thing and walks the same indexes. Content keeps
 * the database's collation so that ILIKE folds case as the database's locale does.
 */
import type { PoolClient } from "pg";
import { StoreUnavailableError } from "../model";

/** Schema objects some migrations name: where the trigram operator classes live. */
interface Context {
  /** Quoted schema of pg_trgm and btree_gin (extensions are per database, not per schema). */
  ext: string;
}

const COPY_COLUMNS = `
    id           bigint           NOT NULL,
    channel      text COLLATE "C" NOT NULL,
    sender       text COLLATE "C" NOT NULL,
    content      text             NOT NULL DEFAULT '',
    content_type text             NOT NULL DEFAULT 'text' CHECK (content_type IN ('text', 'system')),
    filename     text COLLATE "C",
    ts           double precision NOT NULL,
    edited       integer          NOT NULL DEFAULT 0,
    edited_ts    double precision,
    read         integer          NOT NULL DEFAULT 0,
    deleted      integer          NOT NULL DEFAULT 0,
    deleted_ts   double precision,
    reply_to_id  bigint,
    reactions_ts double precision,
    mentions     text,
    unit_id      bigint           NOT NULL,
    updated_ts   double precision NOT NULL,
    agent        text`;

export const MIGRATIONS: readonly ((ctx: Context) => string)[] = [
  // v1
  ({ ext }) => `
  CREATE TABLE message_sequence (name text PRIMARY KEY, value bigint NOT NULL);
  INSERT INTO message_sequence (name, value) VALUES ('message', 0);

  CREATE TABLE message_views (owner text COLLATE "C" PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());

  CREATE TABLE message_copies (
    owner text COLLATE "C" NOT NULL,
    ${COPY_COLUMNS},
    PRIMARY KEY (owner, id)
  );
  -- A channel's view in time order (changes, pages, merge candidate, mark read, DM summaries by prefix).
  CREATE INDEX message_copies_channel_ts ON message_copies (owner, channel, ts, id);
  -- "What changed after T" as an index range.
  CREATE INDEX message_copies_channel_updated ON message_copies (owner, channel, updated_ts);
  -- Unread counts, mention counts and the DM unread total: unread rows are few.
  CREATE INDEX message_copies_unread ON message_copies (owner, channel) WHERE read = 0;
  CREATE INDEX message_copies_filename ON message_copies (owner, filename) WHERE filename IS NOT NULL;
  -- Writes that reach every copy of a message: edits by id, a send's rows by unit, account deletion by
  -- sender, retention by time.
  CREATE INDEX message_copies_id ON message_copies (id);
  CREATE INDEX message_copies_unit ON message_copies (unit_id, owner);
  CREATE INDEX message_copies_sender ON message_copies (sender);
  CREATE INDEX message_copies_ts ON message_copies (ts);
  -- Search: the reader's copies whose content holds the text (ILIKE, 3+ characters use trigrams).
  -- btree_gin puts the owner in the same GIN index, so a word every user has is not looked up in
  -- everyone's copies and then filtered.
  CREATE INDEX message_copies_search ON message_copies USING gin (owner, content ${ext}.gin_trgm_ops);

  CREATE TABLE channel_archive (
    ${COPY_COLUMNS},
    PRIMARY KEY (channel, id)
  );
  CREATE INDEX channel_archive_id ON channel_archive (id);
  CREATE INDEX channel_archive_unit ON channel_archive (unit_id);
  CREATE INDEX channel_archive_sender ON channel_archive (sender);
  CREATE INDEX channel_archive_ts ON channel_archive (ts);

  CREATE TABLE dm_hidden (
    owner text COLLATE "C" NOT NULL,
    channel text COLLATE "C" NOT NULL,
    hidden_ts double precision NOT NULL,
    PRIMARY KEY (owner, channel)
  );

  -- The names a row's mentions (a JSON text) hold, as SQLite's json_each reads them; a malformed
  -- value names nobody.
  CREATE FUNCTION message_mentions(m text) RETURNS text[] LANGUAGE plpgsql IMMUTABLE AS $fn$
  DECLARE j jsonb;
  BEGIN
    IF m IS NULL THEN RETURN '{}'; END IF;
    BEGIN
      j := m::jsonb;
    EXCEPTION WHEN others THEN
      RETURN '{}';
    END;
    IF jsonb_typeof(j) = 'array' THEN RETURN ARRAY(SELECT jsonb_array_elements_text(j)); END IF;
    IF jsonb_typeof(j) = 'object' THEN RETURN ARRAY(SELECT v #>> '{}' FROM jsonb_each(j) AS e(k, v)); END IF;
    RETURN ARRAY[j #>> '{}'];
  END
  $fn$;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const MIGRATION_LOCK = "minimost-message-store-migrate";

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Brings the schema `schema` up to date (creating it); `where` names it in errors. */
export async function migrate(client: PoolClient, schema: string): Promise<void> {
  await client.query("BEGIN");
  try {
    // Extensions and schemas are database-wide: one migrator at a time in the whole database.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.message_store_version (version integer NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.message_store_version`);
    const version = rows[0]?.version ?? 0;
    if (version > SCHEMA_VERSION) {
      throw new StoreUnavailableError("too-new", `${schema}.message_store_version`, `message store schema version ${version} is newer than this release (${SCHEMA_VERSION})`);
    }
    if (version < SCHEMA_VERSION) {
      await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public");
      await client.query("CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public");
      // Already installed by someone else, possibly elsewhere: use where it is.
      const found = await client.query<{ schema: string }>(
        "SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'pg_trgm'",
      );
      const ext = found.rows[0]!.schema; // regnamespace output is already quoted when it must be
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      for (const step of MIGRATIONS.slice(version)) await client.query(step({ ext }));
      await client.query("DELETE FROM message_store_version");
      await client.query("INSERT INTO message_store_version (version) VALUES ($1)", [SCHEMA_VERSION]);
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}
