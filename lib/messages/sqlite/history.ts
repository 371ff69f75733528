/**
 * Public history for a new account (port decision 5): copied from the channel archives, marked read,
 * in slices so a long history never holds the event loop. Private channels and DMs are never copied.
 */
import "server-only";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { insertRows, rowsAfterId } from "./rows";
import { archiveFile, userFile, type MessageFile } from "./store";

const ROWS_PER_SLICE = 1000;

export function copyPublicHistory(username: string, channels: readonly string[]): Promise<number> {
  // Pinned: the copy yields between slices, and the file must stay open (not be closed and reopened
  // by the cache) until it is done.
  return userFile(username).pinned((target) => copyInto(target, channels));
}

async function copyInto(target: MessageFile, channels: readonly string[]): Promise<number> {
  let copied = 0;
  for (const channel of channels) {
    const archive = archiveFile(channel);
    let cursor = 0;
    for (;;) {
      const rows = rowsAfterId(archive, cursor, ROWS_PER_SLICE);
      if (rows.length === 0) break;
      copied += insertRows(target, rows, 1);
      cursor = rows.at(-1)!.id;
      if (rows.length < ROWS_PER_SLICE) break;
      await yieldToEventLoop();
    }
  }
  return copied;
}
