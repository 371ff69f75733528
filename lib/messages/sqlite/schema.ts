/**
 * The schema of every message file (per-user files and public-channel archives share it).
 * Each entry upgrades a file from version i to i+1; PRAGMA user_version records where a file stands,
 * so a file written by an older release is brought up to date when it is opened.
 */
export const MESSAGE_FILE_MIGRATIONS: readonly string[] = [
  // v1: the reference's columns, keyed by the global message id.
  `
  CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,          -- global id from the shared sequence
    channel      TEXT    NOT NULL,
    sender       TEXT    NOT NULL,
    content      TEXT    NOT NULL DEFAULT '',
    content_type TEXT    NOT NULL DEFAULT 'text' CHECK (content_type IN ('text', 'system')),
    filename     TEXT,
    ts           REAL    NOT NULL,
    edited       INTEGER NOT NULL DEFAULT 0,
    edited_ts    REAL,
    read         INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0,
    deleted_ts   REAL,
    reply_to_id  INTEGER,
    reactions_ts REAL,
    mentions     TEXT,
    unit_id      INTEGER NOT NULL              -- rows of one send (text + attachments) share it
  );
  CREATE INDEX messages_channel_ts ON messages (channel, ts);
  CREATE INDEX messages_sender ON messages (sender);
  CREATE INDEX messages_unit ON messages (unit_id);
  CREATE TABLE dm_hidden (channel TEXT PRIMARY KEY, hidden_ts REAL NOT NULL);
  CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'id', tokenize = 'trigram', columnsize = 0
  );
  CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
  END;
  CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
  END;
  CREATE TRIGGER messages_fts_au AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
  END;
  `,
  // v2: one change-time column, so "what changed after T" is an index range instead of a channel scan.
  `
  ALTER TABLE messages ADD COLUMN updated_ts REAL NOT NULL DEFAULT 0;
  UPDATE messages SET updated_ts = max(ts, coalesce(edited_ts, 0), coalesce(reactions_ts, 0), coalesce(deleted_ts, 0));
  CREATE INDEX messages_channel_updated ON messages (channel, updated_ts);
  CREATE INDEX messages_unread ON messages (channel, read) WHERE read = 0;
  `,
  // v3: find the messages that reference an upload (who may download it).
  `
  CREATE INDEX messages_filename ON messages (filename) WHERE filename IS NOT NULL;
  `,
  // v4: the tribune identity a post was made under (null for web sends).
  `
  ALTER TABLE messages ADD COLUMN agent TEXT;
  `,
  // v5: the newest fan-out journal entry applied to this copy. Deliveries reach a file in journal order,
  // from the fan-out worker or from a reader catching up on the request thread, whichever comes first;
  // each applies only entries past this mark, so a late writer never re-applies an older edit over a
  // newer one.
  `
  CREATE TABLE delivered (only INTEGER PRIMARY KEY CHECK (only = 0), through INTEGER NOT NULL);
  INSERT INTO delivered (only, through) VALUES (0, 0);
  `,
  // v6: new rows are indexed for search by insertRows (rows.ts), one statement for all the rows of a
  // write, instead of a trigger per row: a fan-out that brings a file 200 messages in one transaction
  // indexed them in 15.5 ms with the trigger and 5.2 ms this way (10 messages: 1.3 / 1.0 ms). Edits and
  // deletions keep their triggers (one row at a time anyway).
  `
  DROP TRIGGER messages_fts_ai;
  `,
];

export const MESSAGE_FILE_VERSION = MESSAGE_FILE_MIGRATIONS.length;
