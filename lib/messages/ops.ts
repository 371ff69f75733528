/**
 * The writes a delivery carries to each copy of a channel. Every op sets absolute values keyed by
 * global ids (or inserts with INSERT OR IGNORE), so applying one twice changes nothing: a journal
 * replay after a crash is always safe.
 */
import type { MessageFile } from "./store";
import { insertRows, type MessageRow } from "./rows";

/** Columns a patch may set. */
export interface RowPatch {
  content?: string;
  edited?: number;
  edited_ts?: number | null;
  mentions?: string | null;
  deleted?: number;
  deleted_ts?: number | null;
  reactions_ts?: number | null;
  updated_ts?: number;
}

const PATCH_COLUMNS = ["content", "edited", "edited_ts", "mentions", "deleted", "deleted_ts", "reactions_ts", "updated_ts"] as const;

export type Op =
  /** New rows; `read` is decided per copy by the delivery. */
  | { op: "insert"; rows: MessageRow[] }
  /** Set columns of the rows with these ids. */
  | { op: "patch"; ids: number[]; set: RowPatch }
  /** Set columns of every row of these sends (text and attachments). */
  | { op: "patch-units"; units: number[]; set: RowPatch }
  /** Account deletion: the sender's rows are re-attributed (soft) or removed (hard). */
  /** `at` marks the renamed rows as changed then, so `?after=` polls pick the new name up. */
  | { op: "rename-sender"; from: string; to: string; at?: number }
  | { op: "purge-sender"; sender: string };

function patchSql(set: RowPatch, where: string, count: number): { sql: string; values: unknown[] } {
  const columns = PATCH_COLUMNS.filter((c) => set[c] !== undefined);
  if (columns.length === 0) throw new Error("empty patch");
  const placeholders = Array.from({ length: count }, () => "?").join(", ");
  return {
    sql: `UPDATE messages SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE ${where} IN (${placeholders})`,
    values: columns.map((c) => set[c]),
  };
}

/** Applies ops to one file inside the caller's transaction. */
export function applyOps(file: MessageFile, ops: readonly Op[], read: 0 | 1): void {
  for (const op of ops) {
    switch (op.op) {
      case "insert":
        insertRows(file, op.rows, read);
        break;
      case "patch":
      case "patch-units": {
        const keys = op.op === "patch" ? op.ids : op.units;
        const { sql, values } = patchSql(op.set, op.op === "patch" ? "id" : "unit_id", keys.length);
        file.stmt(sql).run(...values, ...keys);
        break;
      }
      case "rename-sender":
        file.stmt("UPDATE messages SET sender = ?, updated_ts = max(updated_ts, ?) WHERE sender = ?").run(op.to, op.at ?? 0, op.from);
        break;
      case "purge-sender":
        file.stmt("DELETE FROM messages WHERE sender = ?").run(op.sender);
        break;
    }
  }
}
