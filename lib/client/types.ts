/** Shapes of the API's answers, as the web client uses them (types only: nothing server-side is bundled). */
import type { ApiMessage } from "@/lib/chat/messages";
import type { ChangeEvent as ServerChangeEvent } from "@/lib/events";
/** A message as `/messages` answers it. */
export type Message = ApiMessage;

export interface PrivateChannel {
  id: number;
  channel: string;
  name: string;
  unread: number;
  members: string[];
}

export interface DmEntry {
  channel: string;
  users: string[];
  unread: number;
}

export type ChangeEvent = ServerChangeEvent;

/** The latest of a row's times: where the next `?after=` poll starts. */
export const rowCursor = (m: Message) => Math.max(m.ts, m.edited_ts ?? 0, m.reactions_ts ?? 0, m.deleted_ts ?? 0, m.updated_ts ?? 0);
