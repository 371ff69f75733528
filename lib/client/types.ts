/** Shapes of the API's answers, as the web client uses them. */
export interface Message {
  id: number;
  channel: string;
  sender: string;
  content: string;
  content_type: string;
  filename: string | null;
  ts: number;
  edited: number;
  edited_ts: number | null;
  deleted: number;
  deleted_ts: number | null;
  reply_to_id: number | null;
  reactions: string | null;
  reactions_ts: number | null;
  mentions: string | null;
}

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

export interface ChangeEvent {
  kind: "messages" | "receipts" | "reactions" | "private_channels" | "dms";
  channel?: string;
}

/** The latest of a row's times: where the next `?after=` poll starts. */
export const rowCursor = (m: Message) => Math.max(m.ts, m.edited_ts ?? 0, m.reactions_ts ?? 0, m.deleted_ts ?? 0);
