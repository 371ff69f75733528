/**
 * The MessageStore on SQLite files: one per user, one archive per public channel (./store), with the
 * journaled delivery of ./delivery. Methods answer synchronously under their promises; the slow
 * ones (history copies, fan-out, retention) yield to the event loop as they go.
 */
import "server-only";
import fs from "node:fs";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { paths } from "@/lib/config";
import type { MessageStore } from "../index";
import type { Delivery, DmSummary, MessageRow, SearchFilters, SearchHit } from "../model";
import { allocateIds, catchUp, deliverNow, replayJournal, settled, submit } from "./delivery";
import { copyPublicHistory } from "./history";
import { markUnreadFrom } from "./mark-unread";
import * as queries from "./queries";
import { deleteRowsBefore, newestRowsById, postsInIdWindow, rowById, rowsAfterId } from "./rows";
import {
  allMessageFiles,
  archiveFile,
  closeAllMessageFiles,
  removeUserFile,
  StoreError,
  userFile,
  userFileExists,
  visitMessageFile,
  type MessageFile,
} from "./store";

/** The user's file, caught up with every pending delivery that concerns them. */
function view(user: string): MessageFile {
  catchUp(user);
  return userFile(user);
}

export class SqliteMessageStore implements MessageStore {
  async allocateIds(count = 1): Promise<number> {
    return allocateIds(count);
  }

  async changesAfter(user: string, channel: string, after: number): Promise<MessageRow[]> {
    return queries.channelChangesAfter(view(user), channel, after);
  }

  async newestChangesAfter(user: string, channel: string, after: number, limit: number): Promise<MessageRow[]> {
    return queries.newestChangesAfter(view(user), channel, after, limit);
  }

  async pageBefore(user: string, channel: string, before: number, limit: number): Promise<MessageRow[]> {
    return queries.rowsBefore(view(user), channel, before, limit);
  }

  async messageById(user: string, id: number): Promise<MessageRow | null> {
    return rowById(view(user), id) ?? null;
  }

  async mergeCandidate(user: string, channel: string): Promise<MessageRow | null> {
    return queries.latestPlainRowOf(view(user), channel, user) ?? null;
  }

  async unitAttachments(user: string, unitId: number): Promise<string[]> {
    return queries.unitFilenames(view(user), unitId);
  }

  async channelsReferencing(user: string, filename: string): Promise<string[]> {
    return queries.channelsReferencing(view(user), filename);
  }

  async unreadCounts(user: string, channels: readonly string[]): Promise<Record<string, number>> {
    return queries.unreadCounts(view(user), channels, user);
  }

  async mentionCounts(user: string, channels: readonly string[]): Promise<Record<string, number>> {
    return queries.mentionCounts(view(user), channels, user);
  }

  async dmUnreadTotal(user: string): Promise<number> {
    return queries.dmUnreadTotal(view(user), user);
  }

  async dmSummaries(user: string): Promise<DmSummary[]> {
    return queries.dmSummaries(view(user), user);
  }

  async hideDm(user: string, channel: string, now: number): Promise<void> {
    queries.hideDm(view(user), channel, now);
  }

  async markChannelRead(user: string, channel: string): Promise<{ id: number; ts: number }[]> {
    return queries.markChannelRead(view(user), channel, user);
  }

  async markUnreadFrom(user: string, channel: string, from: { id: number; ts: number }): Promise<number> {
    return markUnreadFrom(view(user), channel, user, from);
  }

  async search(user: string, filters: SearchFilters): Promise<SearchHit[]> {
    return queries.searchMessages(view(user), filters);
  }

  async archiveAfterId(channel: string, afterId: number, limit: number): Promise<MessageRow[]> {
    return rowsAfterId(archiveFile(channel), afterId, limit);
  }

  async archiveNewest(channel: string, limit: number): Promise<MessageRow[]> {
    return newestRowsById(archiveFile(channel), limit);
  }

  async archivePosts(channel: string, afterId: number, beforeId: number | null, limit: number): Promise<MessageRow[]> {
    return postsInIdWindow(archiveFile(channel), channel, afterId, beforeId, limit);
  }

  async addUser(user: string): Promise<void> {
    userFile(user, { create: true });
  }

  async hasUser(user: string): Promise<boolean> {
    return userFileExists(user);
  }

  async removeUser(user: string): Promise<void> {
    removeUserFile(user);
  }

  copyPublicHistory(user: string, channels: readonly string[]): Promise<number> {
    return copyPublicHistory(user, channels);
  }

  submit({ channel, audience, ops, readBy }: Delivery): Promise<void> {
    return submit(channel, audience, ops, readBy);
  }

  deliverNow({ channel, audience, ops, readBy }: Delivery): Promise<void> {
    return deliverNow(channel, audience, ops, readBy);
  }

  settled(): Promise<void> {
    return settled();
  }

  replayJournal(): Promise<number> {
    return replayJournal();
  }

  async purgeBefore(cutoff: number): Promise<number> {
    let removed = 0;
    for (const file of allMessageFiles()) {
      try {
        // Each file is opened for this and closed after it (unless a reader has it open): a sweep
        // over every file must not leave them all open.
        removed += visitMessageFile(file, (handle) => deleteRowsBefore(handle, cutoff));
      } catch (err) {
        // One broken file must not stop the clean-up of the others; it is reported and skipped.
        if (!(err instanceof StoreError)) throw err;
        console.error(`[retention] skipped: ${err.message}`);
      }
      await yieldToEventLoop();
    }
    return removed;
  }

  async probe(): Promise<void> {
    // Where new message files are made (made if missing, as the first signup would).
    const { userDir } = paths();
    await fs.promises.mkdir(userDir, { recursive: true });
    await fs.promises.access(userDir, fs.constants.W_OK);
  }

  async close(): Promise<void> {
    closeAllMessageFiles();
  }
}
