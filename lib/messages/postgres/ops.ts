/**
 * The SQL of a delivery's ops (../model Op) on PostgreSQL: each op is one statement over every copy it
 * concerns, not one per recipient. Same semantics as the SQLite store's ops.ts: inserts keyed by
 * (owner, id) keep a row already there (ON CONFLICT DO NOTHING), patches set absolute values, so
 * applying a delivery twice changes nothing. Runs inside the caller's transaction.
 */
import type { PoolClient } from "pg";
import { ANONYMOUS_SENDER, type MessageRow, type Op, type RowPatch } from "../model";

/** The MessageRow columns, in table order. */
export const COLUMNS = [
  "id", "channel", "sender", "content", "content_type", "filename", "ts", "edited", "edited_ts", "read",
  "deleted", "deleted_ts", "reply_to_id", "reactions_ts", "mentions", "unit_id", "updated_ts", "agent",
] as const satisfies readonly (keyof MessageRow)[];

export const SELECT_COLUMNS = COLUMNS.join(", ");

/** The rows of an insert as a record set from one JSON parameter. */
const RECORDSET = `jsonb_to_recordset($1::jsonb) AS r(
  id bigint, channel text, sender text, content text, content_type text, filename text, ts float8,
  edited integer, edited_ts float8, deleted integer, deleted_ts float8, reply_to_id bigint,
  reactions_ts float8, mentions text, unit_id bigint, updated_ts float8, agent text)`;

/** The record's columns in table order, `read` given by the caller. */
const recordColumns = (read: string) =>
  `r.id, r.channel, r.sender, coalesce(r.content, ''), coalesce(r.content_type, 'text'), r.filename, r.ts,
   coalesce(r.edited, 0), r.edited_ts, ${read}, coalesce(r.deleted, 0), r.deleted_ts, r.reply_to_id,
   r.reactions_ts, r.mentions, r.unit_id, r.updated_ts, r.agent`;

/** Where a delivery's ops land. */
export interface Targets {
  /** Archives (channel names) the ops apply to; inserts go to an archive only with rows of its channel. */
  archives: readonly string[];
  /** Views (lower-cased owners) that get the inserted rows. */
  insertOwners: readonly string[];
  /** Views whose copies edits and deletions reach; null: every copy of the message, whoever holds it. */
  patchOwners: readonly string[] | null;
  /** Owners whose new copies are written read; true: everyone's. */
  readBy: true | readonly string[];
}

const PATCH_COLUMNS = ["content", "edited", "edited_ts", "mentions", "deleted", "deleted_ts", "reactions_ts", "updated_ts"] as const;

function setClause(set: RowPatch, first: number): { sql: string; values: unknown[] } {
  const columns = PATCH_COLUMNS.filter((c) => set[c] !== undefined);
  if (columns.length === 0) throw new Error("empty patch");
  return { sql: columns.map((c, i) => `${c} = $${first + i}`).join(", "), values: columns.map((c) => set[c]) };
}

/** Applies ops in order to the archives and copies named by `targets`; answers the rows touched. */
export async function applyOps(client: PoolClient, ops: readonly Op[], targets: Targets): Promise<number> {
  let touched = 0;
  const run = async (sql: string, values: unknown[]) => {
    touched += (await client.query(sql, values)).rowCount ?? 0;
  };
  const { archives, patchOwners } = targets;
  // `AND owner = ANY($n)` when the copies reached are a list of views.
  const ownerFilter = (n: number) => (patchOwners ? ` AND owner = ANY($${n}::text[])` : "");
  const ownerValue = patchOwners ? [patchOwners] : [];

  for (const op of ops) {
    switch (op.op) {
      case "insert": {
        if (op.rows.length === 0) break;
        // A row journaled before the tribune identity existed carries no `agent`: it is a web send.
        const rows = JSON.stringify(op.rows.map((row) => ({ ...row, agent: row.agent ?? null })));
        if (archives.length > 0) {
          await run(
            `INSERT INTO channel_archive (${SELECT_COLUMNS}) SELECT ${recordColumns("0")} FROM ${RECORDSET}
             WHERE r.channel = ANY($2::text[]) ON CONFLICT (channel, id) DO NOTHING`,
            [rows, archives],
          );
        }
        if (targets.insertOwners.length > 0) {
          // One statement for every recipient: the views that exist among the owners, times the rows.
          await run(
            `INSERT INTO message_copies (owner, ${SELECT_COLUMNS})
             SELECT v.owner, ${recordColumns("CASE WHEN $3::boolean OR v.owner = ANY($4::text[]) THEN 1 ELSE 0 END")}
             FROM message_views v CROSS JOIN ${RECORDSET}
             WHERE v.owner = ANY($2::text[])
             ON CONFLICT (owner, id) DO NOTHING`,
            [rows, targets.insertOwners, targets.readBy === true, targets.readBy === true ? [] : targets.readBy],
          );
        }
        break;
      }
      case "patch":
      case "patch-units": {
        const keys = op.op === "patch" ? op.ids : op.units;
        if (keys.length === 0) break;
        const key = op.op === "patch" ? "id" : "unit_id";
        const { sql, values } = setClause(op.set, 2);
        const next = 2 + values.length;
        if (archives.length > 0) {
          await run(`UPDATE channel_archive SET ${sql} WHERE ${key} = ANY($1::bigint[]) AND channel = ANY($${next}::text[])`, [keys, ...values, archives]);
        }
        await run(`UPDATE message_copies SET ${sql} WHERE ${key} = ANY($1::bigint[])${ownerFilter(next)}`, [keys, ...values, ...ownerValue]);
        break;
      }
      // Anonymous tribune posts belong to no account: no account's deletion may rename or remove them,
      // nor turn its own messages into anonymous ones.
      case "rename-sender": {
        if (op.from === ANONYMOUS_SENDER || op.to === ANONYMOUS_SENDER) break;
        const set = "sender = $2, updated_ts = greatest(updated_ts, $3::float8)";
        const values = [op.from, op.to, op.at ?? 0];
        if (archives.length > 0) await run(`UPDATE channel_archive SET ${set} WHERE sender = $1 AND channel = ANY($4::text[])`, [...values, archives]);
        await run(`UPDATE message_copies SET ${set} WHERE sender = $1${ownerFilter(4)}`, [...values, ...ownerValue]);
        break;
      }
      case "purge-sender": {
        if (op.sender === ANONYMOUS_SENDER) break;
        if (archives.length > 0) await run("DELETE FROM channel_archive WHERE sender = $1 AND channel = ANY($2::text[])", [op.sender, archives]);
        await run(`DELETE FROM message_copies WHERE sender = $1${ownerFilter(2)}`, [op.sender, ...ownerValue]);
        break;
      }
    }
  }
  return touched;
}
