import type { Message } from "@/lib/client/types";

/** A message as `/messages` answers it, for client tests: plain text in #general unless overridden. */
export function messageRow(id: number, sender: string, content: string, extra: Partial<Message> = {}): Message {
  const ts = extra.ts ?? 1_800_000_000 + id * 600;
  return {
    channel: "general",
    content,
    content_type: "text",
    deleted: 0,
    deleted_ts: null,
    edited: 0,
    edited_ts: null,
    filename: null,
    id,
    mentions: null,
    reactions: null,
    reactions_ts: null,
    reply_to_id: null,
    sender,
    ts,
    updated_ts: ts,
    agent: null,
    ...extra,
  };
}
