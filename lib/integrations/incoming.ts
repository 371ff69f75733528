/**
 * Incoming webhooks (issue 15): `POST /hooks/<secret>` with a Slack payload posts into one channel as a
 * bot, so Slack and Mattermost integrations work by pasting the URL. A post is an ordinary message of
 * the bot (mentions, unread counts and events as for anyone); Slack's `username` override is kept as
 * the row's `agent`. The secret is stored hashed; the webhook is found by the public id in it and the
 * secret then compared in constant time.
 */
import "server-only";
import { createBot, getBot } from "@/lib/bots";
import { resolveChannel, type Channel } from "@/lib/channels";
import { addPrivateChannelMember } from "@/lib/chat/private-channels";
import { db, nowSeconds } from "@/lib/db/client";
import { DomainError, forbidden, invalid, isDomainError, notFound } from "@/lib/errors";
import { AGENT_MAX_LENGTH, send } from "@/lib/messaging/write";
import { canonicalUsername } from "@/lib/users";
import { webhookChannel } from "./channel";
import type { CreateIncomingInput, IncomingWebhookInfo } from "./schemas";
import { newSecret, newWebhookId, secretMatches, sha256 } from "./secrets";
import { agentOf, NO_TEXT, parseSlackBody, payloadText, type HookBody } from "./slack";

/** `mmh_<id>_<secret>`: the id finds the row, the whole text is what is hashed. */
const SECRET_PREFIX = "mmh_";
const SECRET_RE = /^mmh_([a-z0-9]{12})_[A-Za-z0-9_-]{32,128}$/;

type Row = Awaited<ReturnType<typeof rowsOf>>[number];
const rowsOf = (owner: string) => db().incomingWebhook.findMany({ where: { owner }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });

function info(row: Row): IncomingWebhookInfo {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    sender: row.sender,
    created: row.createdAt,
    last_used: row.lastUsedAt,
    disabled_reason: row.disabledReason,
  };
}

/** `GET /webhooks/incoming`: the caller's webhooks, newest first. */
export async function listIncoming(owner: string): Promise<IncomingWebhookInfo[]> {
  return (await rowsOf(owner)).map(info);
}

/** `Deploy Bot!` → `deploy-bot`: a username's allowed characters, at most `max` of them. */
function slug(name: string, max: number): string {
  const base = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-{2,}/g, "-");
  return (base || "webhook").slice(0, max).replace(/-+$/, "") || "webhook";
}

const USERNAME_MAX = 32;

/** A new bot for a webhook: `<slug>-bot`, then `<slug>-bot-2`, … until a name is free. */
async function newSenderBot(owner: string, name: string): Promise<string> {
  for (let n = 1; n <= 50; n++) {
    const suffix = n === 1 ? "-bot" : `-bot-${n}`;
    const username = slug(name, USERNAME_MAX - suffix.length) + suffix;
    try {
      return (await createBot(owner, { username, displayName: name })).username;
    } catch (err) {
      if (isDomainError(err) && err.code === "conflict") continue;
      throw err;
    }
  }
  throw invalid("no free bot name for this webhook: give a sender");
}

/** The bot a webhook posts as: `sender` must be one of the owner's bots. */
async function ownedSender(owner: string, sender: string): Promise<string> {
  const username = await canonicalUsername(sender);
  const bot = username ? await getBot(username) : null;
  if (!bot || bot.owner !== owner) throw invalid("sender must be a bot you own");
  return bot.username;
}

/** Puts the bot into a private channel the owner is in (the members see who added it). */
async function admitToChannel(owner: string, channel: Channel, bot: string): Promise<void> {
  if (channel.kind !== "private") return;
  try {
    await resolveChannel(bot, channel.id, { write: true });
    return; // already a member
  } catch (err) {
    if (!isDomainError(err)) throw err;
  }
  await addPrivateChannelMember(owner, channel.privateId, { username: bot });
}

/**
 * `POST /webhooks/incoming`: a webhook posting into `channel` as `sender` (or as a new bot named after
 * it). The secret and its URL path are answered this once; only their hash is kept.
 */
export async function createIncoming(owner: string, input: CreateIncomingInput): Promise<IncomingWebhookInfo & { secret: string }> {
  const channel = await webhookChannel(owner, input.channel, "post in");
  const sender = input.sender ? await ownedSender(owner, input.sender) : await newSenderBot(owner, input.name);
  await admitToChannel(owner, channel, sender);
  const id = newWebhookId();
  const secret = `${SECRET_PREFIX}${id}_${newSecret()}`;
  const row = await db().incomingWebhook.create({
    data: { id, secretHash: sha256(secret).toString("hex"), channel: channel.id, owner, sender, name: input.name, createdAt: nowSeconds() },
  });
  return { ...info(row), secret };
}

/** `DELETE /webhooks/incoming/<id>`: the owner's own; anyone else's, like an unknown one, is not found. */
export async function deleteIncoming(owner: string, id: string): Promise<void> {
  const { count } = await db().incomingWebhook.deleteMany({ where: { id, owner } });
  if (count === 0) throw notFound("webhook not found", "json");
}

const unknownHook = () => notFound("invalid webhook", "plain");
const disabledAnswer = (reason: string) => forbidden(`webhook disabled: ${reason}`, "plain");

/** The webhook a secret opens, or 404 `invalid webhook`: an unknown id and a wrong secret answer alike. */
async function hookBySecret(secret: string) {
  const match = SECRET_RE.exec(secret);
  if (!match) throw unknownHook();
  const row = await db().incomingWebhook.findUnique({ where: { id: match[1] } });
  // A hash of the given secret is compared even without a row, so a miss costs what a hit costs.
  const matches = secretMatches(secret, row?.secretHash ?? "00".repeat(32));
  if (!row || !matches) throw unknownHook();
  return row;
}

async function disable(id: string, reason: string): Promise<never> {
  await db().incomingWebhook.updateMany({ where: { id, disabledReason: null }, data: { disabledReason: reason } });
  throw disabledAnswer(reason);
}

/** Why the webhook can no longer post, or null while it can: its owner must still post there, its bot still exist. */
async function postingProblem(row: Row): Promise<string | null> {
  try {
    await resolveChannel(row.owner, row.channel, { write: true });
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return `${row.owner} can no longer post in ${row.channel}`;
  }
  if (!(await getBot(row.sender))) return `the bot ${row.sender} no longer exists`;
  return null;
}

/**
 * `POST /hooks/<secret>`: finds the webhook (before the body is read), reads the body, and posts its
 * text into the webhook's channel as its bot. Every failure is a plain-text answer, as Slack gives.
 */
export async function postThroughHook(secret: string, readBody: () => Promise<HookBody>): Promise<{ ids: number[] }> {
  const row = await hookBySecret(secret);
  if (row.disabledReason !== null) throw disabledAnswer(row.disabledReason);
  const payload = parseSlackBody(await readBody());
  const text = payloadText(payload);
  if (!text) throw invalid(NO_TEXT, "plain");
  const problem = await postingProblem(row);
  if (problem) return disable(row.id, problem);
  let ids: number[];
  try {
    ({ ids } = await send(row.sender, row.channel, { text, replyTo: null, files: [] }, { agent: agentOf(payload, AGENT_MAX_LENGTH) ?? undefined }));
  } catch (err) {
    // The bot itself may have left a private channel: the webhook cannot post there any more.
    if (isDomainError(err) && err.code === "forbidden") return disable(row.id, `the bot ${row.sender} can no longer post in ${row.channel}`);
    if (isDomainError(err) && err.style === "json") throw new DomainError(err.code, err.message, "plain");
    throw err;
  }
  await db().incomingWebhook.updateMany({ where: { id: row.id }, data: { lastUsedAt: nowSeconds() } });
  return { ids };
}
