/**
 * Read queries on one user's message file: the channel view, unread counts, DMs and search.
 */
import { searchPlan, type DmSummary, type MessageRow, type SearchContextLine, type SearchFilters, type SearchHit } from "../model";
import type { MessageFile } from "./store";

export type { DmSummary, SearchFilters, SearchHit };

/** Rows of a channel created or changed after `after` (seconds), oldest first. */
export function channelChangesAfter(file: MessageFile, channel: string, after: number): MessageRow[] {
  return file
    .stmt<[string, number], MessageRow>("SELECT * FROM messages WHERE channel = ? AND updated_ts > ? ORDER BY ts, id")
    .all(channel, after);
}

/** The newest `limit` rows of a channel changed after `after`, oldest first (a client's first page). */
export function newestChangesAfter(file: MessageFile, channel: string, after: number, limit: number): MessageRow[] {
  return file
    .stmt<[string, number, number], MessageRow>(
      // Walk the (channel, ts) index backwards and stop after `limit`, rather than range-scanning by
      // updated_ts and sorting the whole channel.
      "SELECT * FROM (SELECT * FROM messages INDEXED BY messages_channel_ts WHERE channel = ? AND updated_ts > ? ORDER BY ts DESC, id DESC LIMIT ?) ORDER BY ts, id",
    )
    .all(channel, after, limit);
}

/** The `limit` rows of a channel just older than `before` (seconds), oldest first (scrolling back). */
export function rowsBefore(file: MessageFile, channel: string, before: number, limit: number): MessageRow[] {
  return file
    .stmt<[string, number, number], MessageRow>(
      "SELECT * FROM (SELECT * FROM messages WHERE channel = ? AND ts < ? ORDER BY ts DESC, id DESC LIMIT ?) ORDER BY ts, id",
    )
    .all(channel, before, limit);
}

/** The sender's newest text-only, non-reply, live row of a channel (what a merging send appends to). */
export function latestPlainRowOf(file: MessageFile, channel: string, sender: string): MessageRow | undefined {
  return file
    .stmt<[string, string], MessageRow>(
      `SELECT * FROM messages INDEXED BY messages_channel_ts
       WHERE channel = ? AND sender = ? AND deleted = 0 AND filename IS NULL AND reply_to_id IS NULL
       ORDER BY ts DESC, id DESC LIMIT 1`,
    )
    .get(channel, sender);
}

/** Unread (not own, not deleted) rows per channel, for the given channels. */
export function unreadCounts(file: MessageFile, channels: readonly string[], me: string): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
  if (channels.length === 0) return out;
  const rows = file
    .stmt<[string, string], { channel: string; n: number }>(
      `SELECT channel, count(*) AS n FROM messages
       WHERE read = 0 AND sender != ? AND deleted = 0 AND channel IN (SELECT value FROM json_each(?))
       GROUP BY channel`,
    )
    .all(me, JSON.stringify(channels));
  for (const row of rows) out[row.channel] = row.n;
  return out;
}

/**
 * Unread mentions of `me` per channel: rows not read, not deleted, from someone else, whose mentions
 * name me or everyone. Every given channel is answered (0 when none); DMs only when they have some.
 */
export function mentionCounts(file: MessageFile, channels: readonly string[], me: string): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(channels.map((c) => [c, 0]));
  const rows = file
    .stmt<[string, string, string], { channel: string; n: number }>(
      // Unread rows are few and indexed (messages_unread); a malformed mentions value names nobody.
      `SELECT channel, count(*) AS n FROM messages
       WHERE read = 0 AND sender != ? AND deleted = 0 AND mentions IS NOT NULL
         AND (channel IN (SELECT value FROM json_each(?)) OR (channel >= 'dm:' AND channel < 'dm;'))
         AND EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(mentions) THEN mentions ELSE '[]' END)
                     WHERE value = ? COLLATE NOCASE OR value = '@everyone')
       GROUP BY channel`,
    )
    .all(me, JSON.stringify(channels), me);
  for (const row of rows) out[row.channel] = row.n;
  return out;
}

export function dmUnreadTotal(file: MessageFile, me: string): number {
  return file
    .stmt<[string], { n: number }>(
      "SELECT count(*) AS n FROM messages WHERE read = 0 AND sender != ? AND deleted = 0 AND channel >= 'dm:' AND channel < 'dm;'",
    )
    .get(me)!.n;
}

/** Every DM of the file with its latest time and unread count, newest first, hidden ones left out. */
export function dmSummaries(file: MessageFile, me: string): DmSummary[] {
  return file
    .stmt<[string], DmSummary>(
      `SELECT m.channel AS channel, max(m.ts) AS last,
              sum(CASE WHEN m.read = 0 AND m.sender != ? AND m.deleted = 0 THEN 1 ELSE 0 END) AS unread
       FROM messages m
       WHERE m.channel >= 'dm:' AND m.channel < 'dm;'
       GROUP BY m.channel
       HAVING max(m.ts) > coalesce((SELECT hidden_ts FROM dm_hidden h WHERE h.channel = m.channel), -1)
       ORDER BY last DESC`,
    )
    .all(me);
}

/**
 * Hides a DM until a message newer than the newest one the file holds now arrives. The mark is that
 * message's time, not the clock: a message landing in the same instant as the close, or sent just
 * before it and delivered just after, still brings the DM back. An empty DM is hidden as of `now`.
 */
export function hideDm(file: MessageFile, channel: string, now: number): void {
  file
    .stmt(
      `INSERT INTO dm_hidden (channel, hidden_ts) VALUES (?, coalesce((SELECT max(ts) FROM messages WHERE channel = ?), ?))
       ON CONFLICT (channel) DO UPDATE SET hidden_ts = excluded.hidden_ts`,
    )
    .run(channel, channel, now);
}

/** Marks every message of others in a channel read; returns the rows that were unread. */
export function markChannelRead(file: MessageFile, channel: string, me: string): { id: number; ts: number }[] {
  return file.write(() => {
    const unread = file
      .stmt<[string, string], { id: number; ts: number }>("SELECT id, ts FROM messages WHERE channel = ? AND sender != ? AND read = 0")
      .all(channel, me);
    if (unread.length) file.stmt("UPDATE messages SET read = 1 WHERE channel = ? AND sender != ? AND read = 0").run(channel, me);
    return unread;
  });
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => "\\" + ch);

/** One text as an FTS5 phrase: a quoted string is always literal (trigram: a substring, any case). */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * Search newest first. Every term must match and no excluded text may: 3+ characters are phrase
 * matches on the trigram index (substring, any case), 1-2 characters a LIKE with wildcards escaped.
 * With an indexed term, the index walks its doclists newest first (all terms and exclusions in one
 * MATCH expression) and stops at the limit; without one, the rows are walked newest first and the
 * rowids an indexed exclusion matches are read from the index once. Deleted messages and channels the
 * caller can no longer see never match.
 *
 * Cost (P4's 1,000,000-row file, bench/search-inprocess.ts): the trigram index walks its doclists
 * newest first and stops at the limit, so the work is a few pages per index segment plus the hits' rows.
 * The segment count dominates: with the 14 segments bench/fill.ts left (10,000 rows per transaction,
 * FTS5's default automerge), a first search of a term took p50 0.53 / p95 0.83 ms, with the index merged
 * into one segment ('optimize') 0.15 / 0.37 ms; the channel filter and the row fetch are ~0.1 ms of it.
 * Several terms, phrases and exclusions on a 10,000-row file: bench/search-operators.ts.
 */
export function searchMessages(file: MessageFile, f: SearchFilters): SearchHit[] {
  const plan = searchPlan(f);
  const where = ["m.deleted = 0", "(m.channel IN (SELECT value FROM json_each(?)) OR (m.channel >= 'dm:' AND m.channel < 'dm;'))"];
  const values: unknown[] = [JSON.stringify(f.visible)];
  if (plan.senders.length === 1) {
    where.push("m.sender = ? COLLATE NOCASE");
    values.push(plan.senders[0]);
  } else if (plan.senders.length > 1) {
    where.push(`m.sender COLLATE NOCASE IN (${plan.senders.map(() => "?").join(", ")})`);
    values.push(...plan.senders);
  }
  if (plan.channels.length === 1) {
    where.push("m.channel = ?");
    values.push(plan.channels[0]);
  } else if (plan.channels.length > 1) {
    where.push("m.channel IN (SELECT value FROM json_each(?))");
    values.push(JSON.stringify(plan.channels));
  }
  if (f.start !== undefined) {
    where.push("m.ts >= ?");
    values.push(f.start);
  }
  if (f.end !== undefined) {
    where.push("m.ts < ?");
    values.push(f.end);
  }
  for (const text of plan.scanned) {
    where.push("m.content LIKE ? ESCAPE '\\'");
    values.push(`%${escapeLike(text)}%`);
  }
  for (const text of plan.excludedScanned) {
    where.push("m.content NOT LIKE ? ESCAPE '\\'");
    values.push(`%${escapeLike(text)}%`);
  }
  const columns = "m.id AS id, m.channel AS channel, m.sender AS sender, m.content AS content, m.ts AS ts";
  let hits: SearchHit[];
  if (plan.indexed.length) {
    const match = `(${plan.indexed.map(ftsPhrase).join(" AND ")})` + plan.excludedIndexed.map((text) => ` NOT ${ftsPhrase(text)}`).join("");
    const sql = `SELECT ${columns} FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
                 WHERE messages_fts MATCH ? AND ${where.join(" AND ")} ORDER BY messages_fts.rowid DESC LIMIT ?`;
    hits = file.stmt<unknown[], SearchHit>(sql).all(match, ...values, f.limit);
  } else {
    for (const text of plan.excludedIndexed) {
      where.push("m.id NOT IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)");
      values.push(ftsPhrase(text));
    }
    const sql = `SELECT ${columns} FROM messages m WHERE ${where.join(" AND ")} ORDER BY m.ts DESC, m.id DESC LIMIT ?`;
    hits = file.stmt<unknown[], SearchHit>(sql).all(...values, f.limit);
  }
  if (!f.context) return hits;
  // Two index probes per hit, each a range on (channel, ts): at most 100 for a page of 50. The index
  // is named because with the content asked for, the planner (few channels in the statistics) may walk
  // the table instead: ~1 ms a probe rather than ~20 µs on a 10,000-row file (bench/search-operators.ts).
  const near = (order: "before" | "after") =>
    file.stmt<[string, number, number, number], SearchContextLine>(
      order === "before"
        ? "SELECT id, sender, content, ts FROM messages INDEXED BY messages_channel_ts WHERE channel = ? AND ts <= ? AND deleted = 0 AND (ts < ? OR id < ?) ORDER BY ts DESC, id DESC LIMIT 1"
        : "SELECT id, sender, content, ts FROM messages INDEXED BY messages_channel_ts WHERE channel = ? AND ts >= ? AND deleted = 0 AND (ts > ? OR id > ?) ORDER BY ts, id LIMIT 1",
    );
  const before = near("before");
  const after = near("after");
  return hits.map((hit) => ({
    ...hit,
    context: { before: before.get(hit.channel, hit.ts, hit.ts, hit.id) ?? null, after: after.get(hit.channel, hit.ts, hit.ts, hit.id) ?? null },
  }));
}

/** Attachment names of a send (text and attachments share the unit). */
export function unitFilenames(file: MessageFile, unitId: number): string[] {
  return file
    .stmt<[number], { filename: string }>("SELECT filename FROM messages WHERE unit_id = ? AND filename IS NOT NULL")
    .all(unitId)
    .map((r) => r.filename);
}

/** Channels in which the file holds a live message with this attachment. */
export function channelsReferencing(file: MessageFile, filename: string): string[] {
  return file
    .stmt<[string], { channel: string }>("SELECT DISTINCT channel FROM messages WHERE filename = ? AND deleted = 0")
    .all(filename)
    .map((r) => r.channel);
}
