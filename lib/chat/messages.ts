/**
 * The MiniMost face of messages: the wire shape of `/messages` and `/message/<id>`, and the chat's
 * calls into the messaging core (lib/messaging), which does the work for every face. The chat sends
 * without merging (port decision 12) and without a length cap.
 */
import "server-only";
import { bakFilter, runUserBak, userBak, type BakState } from "@/lib/bak/users";
import type { Channel } from "@/lib/channels";
import { invalid, notFound } from "@/lib/errors";
import type { MessageRow } from "@/lib/messages";
import * as messaging from "@/lib/messaging";
import { threadInfo, type ThreadInfo } from "@/lib/messaging/threads";
import { pythonFloat } from "@/lib/py-float";
import { compose } from "./commands";
import type { ApiMessage } from "./wire";

export type { SendInput } from "@/lib/messaging";
export type { ApiMessage };

/**
 * A row as clients see it: tombstones carry no content and no file (port decision 8). `thread`: the
 * row's thread facts (issue 16), when it has any; a row without is a plain message.
 */
export function present(row: MessageRow, reactions: string | null, thread?: ThreadInfo): ApiMessage {
  const deleted = row.deleted === 1;
  return {
    channel: row.channel,
    content: deleted ? "" : row.content,
    content_type: row.content_type,
    deleted: row.deleted,
    deleted_ts: row.deleted_ts,
    edited: row.edited,
    edited_ts: row.edited_ts,
    filename: deleted ? null : row.filename,
    id: row.id,
    mentions: deleted ? null : row.mentions,
    reactions,
    reactions_ts: row.reactions_ts,
    reply_to_id: row.reply_to_id,
    sender: row.sender,
    ts: row.ts,
    updated_ts: row.updated_ts,
    agent: row.agent,
    root_id: thread?.rootId ?? null,
    thread_only: thread?.threadOnly ? 1 : 0,
    reply_count: thread?.summary?.replyCount ?? 0,
    last_reply_ts: thread?.summary?.lastReplyTs ?? null,
    participants: thread?.summary?.participants ?? [],
  };
}

export const PAGE_LIMIT_MAX = 1000;

/** What `/messages` asks for, parsed from its query (lib/chat/schemas.ts). */
export interface MessagesQuery {
  /** Seconds; rows created or changed after this. */
  after: number;
  limit: number | null;
  before: number | null;
}

/**
 * `GET /messages/<channel>?after=`: what is new or changed in the channel since `after`. Our
 * additions for long histories: `limit=N` keeps only the newest N of those, and `before=<ts>` pages
 * back through older messages (with `limit`, default 200). Without them the reference's answer.
 * The caller has resolved the channel, so access is refused before the query is looked at.
 */
export async function listMessages(user: string, channel: Channel, query: MessagesQuery): Promise<ApiMessage[]> {
  const messages = await messaging.channelMessages(user, channel, query);
  // The user's BaK hides what it excludes in public channels, as it does in their tribune backends (DESIGN tribune decision 7).
  const bak = channel.kind === "public" ? await userBak(user) : null;
  const shown = bak?.active && bak.rules.length > 0 ? await unfiltered(user, channel, query, messages, bak) : messages;
  const threads = await threadInfo(shown.map(({ row }) => row.id)); // one query for the page's summaries
  return shown.map(({ row, reactions }) => present(row, reactions ? JSON.stringify(reactions) : null, threads.get(row.id)));
}

/** Pages of older rows read at most to fill a page the BaK thinned out (a bound on the work, not a promise). */
const FILL_ROUNDS = 10;

/**
 * The rows the BaK leaves of a page. A page (the newest one, or one scrolling back) that lost rows to it is
 * filled up from older ones, so a short page still means "nothing older" to the client.
 */
async function unfiltered(user: string, channel: Channel, query: MessagesQuery, rows: messaging.MessageWithReactions[], bak: BakState) {
  const hidden = bakFilter(bak);
  const keep = (list: messaging.MessageWithReactions[]) => (hidden ? list.filter(({ row }) => !hidden(bakSubject(row))) : list);
  let shown = keep(rows);
  const paged = query.limit !== null && (query.before !== null || query.after === 0);
  if (!paged || query.limit === null) return shown;
  const seen = new Set(rows.map(({ row }) => row.id));
  let batch = rows;
  for (let round = 0; shown.length < query.limit && batch.length >= query.limit && round < FILL_ROUNDS; round++) {
    // A hair past the oldest: rows of one send share its time; those already seen are dropped.
    const before = Math.min(...batch.map(({ row }) => row.ts)) + 1e-6;
    batch = await messaging.channelMessages(user, channel, { after: 0, before, limit: query.limit });
    const fresh = batch.filter(({ row }) => !seen.has(row.id));
    for (const { row } of fresh) seen.add(row.id);
    if (fresh.length === 0) break;
    shown = [...keep(fresh), ...shown];
  }
  return shown.slice(-query.limit);
}

/** A row as BaK rules see it: the identity it was posted under, the account (none for anonymous posts), the text. */
const bakSubject = (row: MessageRow) => ({ info: row.agent ?? row.sender, login: row.sender === "" ? null : row.sender, raw: row.content });

/** Whether a composer text is a `/bak` command: those are carried out for the sender, never posted. */
export const isBakCommand = (text: string) => text === "/bak" || text.startsWith("/bak ");

/** `GET /message/<id>`. */
export async function getMessage(user: string, id: number) {
  const found = await messaging.visibleMessage(user, id);
  if (!found) throw notFound();
  const shown = present(found.row, null);
  return { id: shown.id, sender: shown.sender, content: shown.content, filename: shown.filename, deleted: shown.deleted };
}

/** What a send came to: the ids written (none for `/bak`), or a command's notice for the sender alone. */
export type SendOutcome = { ids: number[] } | { ephemeral: string };

/**
 * `POST /send/<channel>`: every send is its own message (no merge option). A slash command is carried
 * out instead of posted as typed (./commands); `/bak` runs the sender's filters, as before.
 */
export async function sendMessage(user: string, channel: Channel, input: messaging.SendInput): Promise<SendOutcome> {
  if (isBakCommand(input.text.trim()) && input.files.length === 0) {
    const outcome = await runUserBak(user, input.text.trim());
    if (!outcome.ok) throw invalid(outcome.error, "plain");
    return { ids: [] };
  }
  const composed = await compose(user, channel, input.text, input.files.length > 0);
  if (composed.kind === "ephemeral") return { ephemeral: composed.text };
  const { ids } = await messaging.send(user, channel.id, { ...input, text: composed.text });
  return { ids };
}

/**
 * The rows of these messages as `/messages` shows them to `user` (the same shaping, `present`), in the
 * order given; ids the user cannot see are left out. For the JSON answers of send, edit, delete and
 * react. The reader's BaK is not applied: these are the rows the caller just wrote or changed.
 */
export async function messageRows(user: string, ids: readonly number[]): Promise<ApiMessage[]> {
  const found = (await Promise.all(ids.map((id) => messaging.visibleMessage(user, id)))).filter((f) => f !== null);
  const maps = await messaging.reactionMaps(found.filter(({ row }) => row.reactions_ts !== null).map(({ row }) => row.id));
  const threads = await threadInfo(found.map(({ row }) => row.id));
  return found.map(({ row }) => {
    const reactions = maps.get(row.id);
    return present(row, reactions ? JSON.stringify(reactions) : null, threads.get(row.id));
  });
}

/** One message's row as `/messages` shows it to `user` (see messageRows); 404 when they cannot see it. */
export async function messageRow(user: string, id: number): Promise<ApiMessage> {
  const [row] = await messageRows(user, [id]);
  if (!row) throw notFound();
  return row;
}

/** `POST /edit/<id>`: replaces the text; attachment rows are left as they are. */
export const editMessage = (user: string, id: number, text: string): Promise<void> => messaging.editMessage(user, id, text);

/** `POST /delete/<id>`: the text and its attachments become tombstones everywhere. */
export const deleteMessage = (user: string, id: number): Promise<void> => messaging.deleteMessage(user, id);

/** `POST /react/<id>`: toggles the caller's reaction; answers the message's whole reaction map. */
export const toggleReaction = (user: string, id: number, reaction: string): Promise<Record<string, string[]>> =>
  messaging.toggleReaction(user, id, reaction);

/** `POST /mark_read/<channel>`: everything of others there is read; receipts are recorded. */
export const markRead = (user: string, rawChannel: string): Promise<void> => messaging.markRead(user, rawChannel);

/** `GET /read_receipts/<channel>`: `{"<message ts>": [reader, …]}`, keyed as the reference renders a ts. */
export async function readReceipts(user: string, rawChannel: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const row of await messaging.readReceiptRows(user, rawChannel)) {
    const readers = (out[pythonFloat(row.msgTs)] ??= []);
    if (!readers.includes(row.reader)) readers.push(row.reader);
  }
  return out;
}
