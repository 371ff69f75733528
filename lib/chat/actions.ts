/**
 * The MiniMost face of the message actions (issue 16, lib/messaging/actions.ts): pinned and saved lists
 * answer rows as `/messages` shows them, with who pinned (or when saved) beside each.
 */
import "server-only";
import { invalid, isDomainError } from "@/lib/errors";
import * as actions from "@/lib/messaging/actions";
import { messageRows } from "./messages";
import type { ApiMessage } from "./wire";

export type PinnedRow = ApiMessage & { pinned_by: string; pinned_at: number };
export type SavedRow = ApiMessage & { saved_at: number };

/** The rows of these messages as `/messages` shows them to `user`, by id. */
async function rowsById(user: string, ids: readonly number[]): Promise<Map<number, ApiMessage>> {
  return new Map((await messageRows(user, ids)).map((row) => [row.id, row]));
}

/** `GET /pins/<channel>`: newest pin first. */
export async function pinnedRows(user: string, channel: string): Promise<PinnedRow[]> {
  const pins = await actions.channelPins(user, channel);
  const rows = await rowsById(user, pins.map((p) => p.row.id));
  return pins.flatMap(({ row, pinnedBy, pinnedAt }) => {
    const shown = rows.get(row.id);
    return shown ? [{ ...shown, pinned_by: pinnedBy, pinned_at: pinnedAt }] : [];
  });
}

/** `GET /saved`: newest save first. */
export async function savedRows(user: string): Promise<SavedRow[]> {
  const saves = await actions.savedMessages(user);
  const rows = await rowsById(user, saves.map((s) => s.row.id));
  return saves.flatMap(({ row, savedAt }) => {
    const shown = rows.get(row.id);
    return shown ? [{ ...shown, saved_at: savedAt }] : [];
  });
}

const MESSAGE_ID = /^[1-9][0-9]{0,14}$/;

/** A message id from a path: a positive integer of at most 15 digits, else 400 `{"error": "invalid message id"}`. */
export function messageIdOf(raw: unknown): number {
  if (typeof raw !== "string" || !MESSAGE_ID.test(raw)) throw invalid("invalid message id");
  return Number(raw);
}

/**
 * Where a permalink (`/m/<id>`) takes the reader: the chat page opened on the message's channel with the
 * message named (`/?channel=<ch>&message=<id>`), or null when the id names nothing the reader may see
 * (malformed, unknown, deleted history aside, or a channel that is no longer theirs).
 */
export async function permalinkTarget(user: string, rawId: string): Promise<string | null> {
  try {
    const { id, channel } = await actions.messageLocation(user, messageIdOf(rawId));
    return `/?${new URLSearchParams({ channel, message: String(id) }).toString()}`;
  } catch (err) {
    if (isDomainError(err)) return null;
    throw err;
  }
}
