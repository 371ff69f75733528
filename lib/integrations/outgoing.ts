/**
 * Outgoing webhooks (issue 15): every new message of a channel is POSTed, signed with HMAC-SHA256, to
 * the URLs its watchers gave. A send only queues the deliveries (OutgoingDelivery, in the shared
 * database, once per webhook and message whichever instance queues it); the worker in ./deliveries.ts
 * makes the POSTs and retries them. A send in a channel without webhooks costs a lookup in a map.
 */
import "server-only";
import type { Channel } from "@/lib/channels";
import type { ApiMessage } from "@/lib/chat/wire";
import { db, nowSeconds } from "@/lib/db/client";
import { dialect } from "@/lib/db/dialect";
import { invalid, notFound } from "@/lib/errors";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";
import type { MessageRow } from "@/lib/messages";
import { FetchRefused, vetPublicUrl } from "@/lib/previews/safe-fetch";
import { webhookChannel } from "./channel";
import type { CreateOutgoingInput, OutgoingWebhookInfo } from "./schemas";
import { newSecret, newWebhookId } from "./secrets";

type Row = Awaited<ReturnType<typeof rowsOf>>[number];
const rowsOf = (owner: string) => db().outgoingWebhook.findMany({ where: { owner }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });

const wordsOf = (stored: string) => stored.split(" ").filter(Boolean);

function info(row: Row): OutgoingWebhookInfo {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    url: row.url,
    trigger_words: wordsOf(row.triggerWords),
    created: row.createdAt,
    disabled_reason: row.disabledReason,
    last_error: row.lastError,
  };
}

/** `GET /webhooks/outgoing`: the caller's outgoing webhooks, newest first (never their secrets). */
export async function listOutgoing(owner: string): Promise<OutgoingWebhookInfo[]> {
  return (await rowsOf(owner)).map(info);
}

/**
 * `POST /webhooks/outgoing`: the URL must be http(s) on its standard port and every address its host
 * resolves to public (the link previews' rules); each delivery checks again. The signing secret is
 * answered this once.
 */
export async function createOutgoing(owner: string, input: CreateOutgoingInput): Promise<OutgoingWebhookInfo & { secret: string }> {
  const channel = await webhookChannel(owner, input.channel, "watch");
  try {
    await vetPublicUrl(input.url);
  } catch (err) {
    if (err instanceof FetchRefused) throw invalid(`url refused: ${err.message}`);
    throw err;
  }
  const words = [...new Set((input.trigger_words ?? []).map((w) => w.toLowerCase()))];
  const secret = newSecret();
  const row = await db().outgoingWebhook.create({
    data: { id: newWebhookId(), channel: channel.id, owner, name: input.name, url: input.url, secret, triggerWords: words.join(" "), createdAt: nowSeconds() },
  });
  watchersChanged(channel.id);
  return { ...info(row), secret };
}

/** `DELETE /webhooks/outgoing/<id>`: the owner's own (anyone else's is not found); what it still owed is dropped. */
export async function deleteOutgoing(owner: string, id: string): Promise<void> {
  const row = await db().outgoingWebhook.findFirst({ where: { id, owner }, select: { channel: true } });
  if (!row) throw notFound("webhook not found", "json");
  await db().outgoingWebhook.deleteMany({ where: { id, owner } });
  await db().outgoingDelivery.deleteMany({ where: { webhookId: id } });
  watchersChanged(row.channel);
}

/**
 * Stops a webhook for good, keeping why (the URL now reaches a private address, its owner left the
 * channel); what it still owed is dropped. Its owner sees the reason in the list.
 */
export async function disableOutgoing(id: string, reason: string): Promise<void> {
  const row = await db().outgoingWebhook.findUnique({ where: { id }, select: { channel: true } });
  await db().outgoingWebhook.updateMany({ where: { id }, data: { disabledReason: reason } });
  await db().outgoingDelivery.deleteMany({ where: { webhookId: id } });
  if (row) watchersChanged(row.channel);
}

interface Watcher {
  id: string;
  owner: string;
  words: string[];
}

interface WatcherCache {
  byChannel: Map<string, { watchers: Watcher[]; until: number }>;
  /** Reads under way, so a burst of sends in one channel makes one query. */
  reading: Map<string, Promise<Watcher[]>>;
  /** Moves at every change made here: a read begun before it does not fill the cache. */
  epoch: number;
}

/**
 * How long this instance trusts what it read of a channel's webhooks. Every change is announced on the bus
 * ("outgoing-webhooks") and seen at once by every instance; this bounds what a lost notice can cost.
 */
const WATCHERS_TTL_MS = 15_000;
/** Channels remembered at most; past this the map starts over (one query per channel then). */
const WATCHERS_CACHE_MAX = 10_000;

const watcherCache = () =>
  singleton<WatcherCache>("outgoing-watchers", () => {
    const cache: WatcherCache = { byChannel: new Map(), reading: new Map(), epoch: 0 };
    bus().subscribe("outgoing-webhooks", ({ channel }) => {
      cache.epoch++;
      cache.byChannel.delete(channel);
      cache.reading.delete(channel);
    });
    bus().subscribe("resync", () => {
      cache.epoch++;
      cache.byChannel.clear();
      cache.reading.clear();
    });
    return cache;
  });

/** Every instance (this one first, before this returns) reads the channel's webhooks afresh. */
function watchersChanged(channel: string): void {
  watcherCache();
  bus().publish("outgoing-webhooks", { channel });
}

function readWatchers(channel: string): Promise<Watcher[]> {
  const cache = watcherCache();
  const pending = cache.reading.get(channel);
  if (pending) return pending;
  const epoch = cache.epoch;
  const read = db()
    .outgoingWebhook.findMany({ where: { channel, disabledReason: null }, select: { id: true, owner: true, triggerWords: true } })
    .then((rows) => {
      const watchers = rows.map((r) => ({ id: r.id, owner: r.owner, words: wordsOf(r.triggerWords) }));
      if (cache.epoch !== epoch) return watchers; // a change here since: the next send reads again
      if (cache.byChannel.size >= WATCHERS_CACHE_MAX) cache.byChannel.clear();
      cache.byChannel.set(channel, { watchers, until: Date.now() + WATCHERS_TTL_MS });
      return watchers;
    })
    .finally(() => {
      if (cache.reading.get(channel) === read) cache.reading.delete(channel);
    });
  cache.reading.set(channel, read);
  return read;
}

/**
 * The channel's webhooks. Past its time a known answer is still used while a fresh one is read beside
 * the send, so only a channel's first send (or the first after a change here) waits for the database.
 */
async function watchersOf(channel: string): Promise<Watcher[]> {
  const known = watcherCache().byChannel.get(channel);
  if (!known) return readWatchers(channel);
  if (known.until <= Date.now()) readWatchers(channel).catch((err: unknown) => console.error("[webhooks] could not read outgoing webhooks", err));
  return known.watchers;
}

/** A new send's thread, when it is a reply (issue 16): its root and whether it stays in the thread. */
export interface OutgoingThread {
  rootId: number;
  threadOnly: boolean;
}

/** A row as `/messages` shows a message just sent (no reactions yet, not deleted, no replies yet). */
function shownRow(row: MessageRow, thread: OutgoingThread | null): ApiMessage {
  return {
    channel: row.channel,
    content: row.content,
    content_type: row.content_type,
    deleted: row.deleted,
    deleted_ts: row.deleted_ts,
    edited: row.edited,
    edited_ts: row.edited_ts,
    filename: row.filename,
    id: row.id,
    mentions: row.mentions,
    reactions: null,
    reactions_ts: row.reactions_ts,
    reply_to_id: row.reply_to_id,
    sender: row.sender,
    ts: row.ts,
    updated_ts: row.updated_ts,
    agent: row.agent,
    root_id: thread?.rootId ?? null,
    thread_only: thread?.threadOnly ? 1 : 0,
    reply_count: 0,
    last_reply_ts: null,
    participants: [],
  };
}

/** With trigger words, a message is sent when its first word is one of them (case aside); without, every message is. */
function triggers(watcher: Watcher, row: MessageRow): boolean {
  if (watcher.words.length === 0) return true;
  const first = row.content.trimStart().split(/\s/u, 1)[0]?.toLowerCase() ?? "";
  return first !== "" && watcher.words.includes(first);
}

/** The body a delivery POSTs, signed as it is. */
export interface DeliveryPayload {
  event: "message";
  webhook_id: string;
  channel: string;
  message: ApiMessage;
  /** When the message was sent (its `ts`): the same in every attempt, so a retry is byte for byte the first try. */
  sent_at: number;
}

/** Process-wide: the worker may be started from another bundle layer than the routes' (lib/globals.ts). */
const wakeHolder = () => singleton<{ wake: (() => void) | null }>("outgoing-wake", () => ({ wake: null }));

/** The delivery worker registers how to wake it, so a new delivery goes out at once rather than at the next poll. */
export function onDeliveriesQueued(wake: (() => void) | null): void {
  wakeHolder().wake = wake;
}

/**
 * Queues the deliveries a send owes the channel's outgoing webhooks. Called once the send is durable;
 * the (webhook, message) pair is unique in the table, so a replay or a second instance queues nothing
 * twice. A message by a bot of the webhook's owner is not sent back to it: that is how an integration
 * answering through an incoming webhook would otherwise call itself forever. A failure here is logged,
 * never the send's: the message is posted either way.
 */
export async function queueOutgoing(channel: Channel, rows: readonly MessageRow[], thread: OutgoingThread | null = null): Promise<void> {
  if (channel.kind === "dm" || rows.length === 0) return;
  try {
    const watchers = await watchersOf(channel.id);
    if (watchers.length === 0) return;
    const sender = rows[0]!.sender;
    const senderOwner = sender ? (await db().user.findUnique({ where: { username: sender }, select: { botOwner: true } }))?.botOwner : null;
    const now = nowSeconds();
    const values: (string | number)[][] = [];
    for (const watcher of watchers) {
      if (senderOwner && senderOwner === watcher.owner) continue;
      for (const row of rows) {
        if (!triggers(watcher, row)) continue;
        const payload: DeliveryPayload = { event: "message", webhook_id: watcher.id, channel: channel.id, message: shownRow(row, thread), sent_at: row.ts };
        values.push([watcher.id, row.id, JSON.stringify(payload), 0, now, now]);
      }
    }
    if (values.length === 0) return;
    await insertDeliveries(values);
    wakeHolder().wake?.();
  } catch (err) {
    console.error(`[webhooks] could not queue outgoing deliveries for ${channel.id}`, err);
  }
}

/** Insert-or-ignore on (webhookId, messageId), one statement for both engines but the placeholders. */
async function insertDeliveries(values: (string | number)[][]): Promise<void> {
  const mark = dialect() === "postgres" ? (n: number) => `$${n}` : () => "?";
  const columns = 6;
  for (let start = 0; start < values.length; start += 100) {
    const slice = values.slice(start, start + 100);
    const tuples = slice.map((_, i) => `(${Array.from({ length: columns }, (_, c) => mark(i * columns + c + 1)).join(", ")})`).join(", ");
    await db().$executeRawUnsafe(
      `INSERT INTO "OutgoingDelivery" ("webhookId", "messageId", "payload", "attempts", "nextAttemptAt", "createdAt") VALUES ${tuples} ON CONFLICT DO NOTHING`,
      ...slice.flat(),
    );
  }
}
