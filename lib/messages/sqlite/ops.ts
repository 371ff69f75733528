/**
 * The writes a delivery carries to each copy of a channel. Every op sets absolute values keyed by
 * global ids (or inserts with INSERT OR IGNORE), so applying one twice changes nothing: a journal
 * replay after a crash is always safe.
 */
import type { MessageFile } from "./store";
import { ANONYMOUS_SENDER, type Op, type RowPatch } from "../model";
import { insertRows } from "./rows";

export type { Op, RowPatch };

const PATCH_COLUMNS = ["content", "edited", "edited_ts", "mentions", "deleted", "deleted_ts", "reactions_ts", "updated_ts"] as const;

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
      // Anonymous tribune posts belong to no account: no account's deletion may rename or remove them,
      // nor turn its own messages into anonymous ones.
      case "rename-sender":
        if (op.from === ANONYMOUS_SENDER || op.to === ANONYMOUS_SENDER) break;
        file.stmt("UPDATE messages SET sender = ?, updated_ts = max(updated_ts, ?) WHERE sender = ?").run(op.to, op.at ?? 0, op.from);
        break;
      case "purge-sender":
        if (op.sender === ANONYMOUS_SENDER) break;
        file.stmt("DELETE FROM messages WHERE sender = ?").run(op.sender);
        break;
    }
  }
}
