/**
 * Channel management (issue 16): admins create, rename, archive and unarchive public channels at runtime;
 * everyone browses them, joins and leaves them and sets their purpose.
 *
 * Decisions:
 * - A channel's id never changes (every message copy and archive is keyed by it); a rename changes the
 *   name shown. Ids and names are checked as settings.json's channel names are, and no two public
 *   channels share an id or a name, case-insensitively.
 * - settings.json still seeds channels. One named there cannot be archived (409: remove it from
 *   settings.json first), so a restart can never bring back, or an admin hide, a configured channel.
 * - Messages of a public channel still reach everyone, members or not: leaving only takes the channel
 *   out of the caller's sidebar, unread and mention counts and notifications, and rejoining shows the
 *   whole history. Everyone is in a settings.json channel until they leave it; a created one starts
 *   with its creator only.
 * - Archived: read-only (every write answers 403 `channel is archived`), out of every sidebar and count,
 *   still readable, searchable and listed by `/channels/browse` with `archived: true`.
 */
import "server-only";
import { z } from "zod";
import { db, isUniqueViolation, nowSeconds } from "@/lib/db/client";
import { publish } from "@/lib/events";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { isArchivedChannel, publicChannel, publicChannels, publicChannelsChanged, publicChannelsReady, type PublicChannelInfo } from "@/lib/public-channels";
import { checked, looseString } from "@/lib/schemas";
import { nameProblem, textProblem } from "@/lib/text";
import { allUsernames } from "@/lib/users";
import type { ChannelSummary } from "./wire";

export const CHANNEL_NAME_MAX = 80;
export const PURPOSE_MAX = 250;
/** Paths of their own under /channels/. */
const RESERVED = new Set(["browse", "create"]);

/** Why `name` cannot name a public channel (the rules of settings.json's channel names), or null. */
export function publicChannelNameProblem(name: string): string | null {
  if (!name) return "name required";
  if ([...name].length > CHANNEL_NAME_MAX) return `channel name must be ${CHANNEL_NAME_MAX} characters or fewer`;
  if (!/^[^\s:/\\\u0000-\u001f\u007f]+$/u.test(name)) return "channel names may not contain spaces, ':', '/', '\\' or control characters";
  if (name === "." || name === "..") return "channel names may not be '.' or '..'";
  const hidden = nameProblem(name); // formatting characters too (a bidi override would disguise a name)
  if (hidden) return `channel name ${hidden}`;
  if (RESERVED.has(name.toLowerCase())) return `'${name}' is reserved (a path under /channels/)`;
  return null;
}

const channelNameField = () =>
  looseString().superRefine((name, ctx) => {
    const problem = publicChannelNameProblem(name.trim());
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const purposeField = () =>
  checked((v): v is string => typeof v === "string", "purpose must be text").superRefine((purpose, ctx) => {
    const text = purpose.trim();
    if ([...text].length > PURPOSE_MAX) ctx.addIssue({ code: "custom", message: `purpose must be ${PURPOSE_MAX} characters or fewer` });
    else if (/[\r\n]/.test(text)) ctx.addIssue({ code: "custom", message: "purpose must be one line" });
    else {
      const problem = textProblem(text);
      if (problem) ctx.addIssue({ code: "custom", message: `purpose ${problem}` });
    }
  });

/** `POST /channels/create` `{"name", "purpose"?}`. */
export const createChannelBody = z.object({ name: channelNameField(), purpose: purposeField().optional() });
/** `POST /channels/<ch>/rename` `{"name"}`. */
export const renameChannelBody = z.object({ name: channelNameField() });
/** `POST /channels/<ch>/purpose` `{"purpose"}` (`""` clears it). */
export const purposeBody = z.object({ purpose: purposeField() });

export type { ChannelSummary };

async function isAdmin(user: string): Promise<boolean> {
  const row = await db().user.findUnique({ where: { username: user }, select: { isAdmin: true } });
  return row?.isAdmin ?? false;
}

async function requireAdmin(user: string): Promise<void> {
  if (!(await isAdmin(user))) throw forbidden("only an admin can do this", "json");
}

async function existing(id: string): Promise<PublicChannelInfo> {
  await publicChannelsReady();
  const channel = publicChannel(id);
  if (!channel) throw notFound("channel not found", "json");
  return channel;
}

/** Another public channel already has this id or name (case-insensitively). */
function nameTaken(name: string, except?: string): boolean {
  const key = name.toLowerCase();
  return publicChannels().some((c) => c.id !== except && (c.id.toLowerCase() === key || c.name.toLowerCase() === key));
}

/** The explicit join/leave rows: channel → username → joined. */
async function memberRows(channels?: string[]): Promise<Map<string, Map<string, boolean>>> {
  const rows = await db().publicChannelMember.findMany({ where: channels ? { channel: { in: channels } } : {}, select: { channel: true, username: true, joined: true } });
  const out = new Map<string, Map<string, boolean>>();
  for (const row of rows) {
    let byUser = out.get(row.channel);
    if (!byUser) out.set(row.channel, (byUser = new Map()));
    byUser.set(row.username, row.joined);
  }
  return out;
}

function summaries(channels: PublicChannelInfo[], rows: Map<string, Map<string, boolean>>, users: readonly string[], user: string, admin: boolean): ChannelSummary[] {
  return channels.map((c) => {
    const byUser = rows.get(c.id) ?? new Map<string, boolean>();
    const isIn = (name: string) => byUser.get(name) ?? c.seeded;
    return {
      id: c.id,
      name: c.name,
      purpose: c.purpose,
      archived: c.archived,
      configured: c.seeded,
      member_count: users.filter(isIn).length,
      joined: isIn(user),
      can_manage: admin,
    };
  });
}

async function summaryOf(user: string, id: string): Promise<ChannelSummary> {
  const channel = await existing(id);
  const [rows, users, admin] = await Promise.all([memberRows([id]), allUsernames(), isAdmin(user)]);
  return summaries([channel], rows, users, user, admin)[0]!;
}

/** `GET /channels/browse`: every public channel, archived ones included, with member counts. */
export async function browseChannels(user: string): Promise<ChannelSummary[]> {
  await publicChannelsReady();
  const [rows, users, admin] = await Promise.all([memberRows(), allUsernames(), isAdmin(user)]);
  return summaries(publicChannels(), rows, users, user, admin);
}

/** The public channels in `user`'s sidebar: joined and not archived, in browse order. */
export async function joinedChannels(user: string): Promise<string[]> {
  await publicChannelsReady();
  const rows = await db().publicChannelMember.findMany({ where: { username: user }, select: { channel: true, joined: true } });
  const choice = new Map(rows.map((r) => [r.channel, r.joined]));
  return publicChannels()
    .filter((c) => !c.archived && (choice.get(c.id) ?? c.seeded))
    .map((c) => c.id);
}

/** Everyone's sidebar and browse list may have changed: tell every instance and every client. */
async function changed(id: string): Promise<void> {
  await publicChannelsChanged();
  publish("all", { kind: "channels", channel: id });
}

/** `POST /channels/create` (admins): a new public channel, its id the name given; the creator joins it. */
export async function createChannel(user: string, input: z.infer<typeof createChannelBody>): Promise<ChannelSummary> {
  await requireAdmin(user);
  await publicChannelsReady();
  const id = input.name.trim();
  if (nameTaken(id)) throw conflict("a public channel with this name exists", "json");
  const now = nowSeconds();
  try {
    await db().$transaction([
      db().publicChannel.create({ data: { id, name: id, purpose: input.purpose?.trim() ?? "", createdBy: user, createdAt: now, updatedAt: now } }),
      db().publicChannelMember.upsert({
        where: { channel_username: { channel: id, username: user } },
        create: { channel: id, username: user, joined: true },
        update: { joined: true },
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("a public channel with this name exists", "json"); // created at the same moment elsewhere
    throw err;
  }
  await changed(id);
  return summaryOf(user, id);
}

/** Writes (or creates, for a settings.json channel) the channel's row. */
async function updateRow(channel: PublicChannelInfo, data: { name?: string; purpose?: string; archived?: boolean }): Promise<void> {
  const now = nowSeconds();
  await db().publicChannel.upsert({
    where: { id: channel.id },
    create: { id: channel.id, name: data.name ?? channel.name, purpose: data.purpose ?? channel.purpose, archived: data.archived ?? false, createdAt: now, updatedAt: now },
    update: { ...data, updatedAt: now },
  });
  await changed(channel.id);
}

/** `POST /channels/<ch>/rename` (admins): the name shown changes; the id, and with it all history, stays. */
export async function renameChannel(user: string, id: string, input: z.infer<typeof renameChannelBody>): Promise<ChannelSummary> {
  await requireAdmin(user);
  const channel = await existing(id);
  const name = input.name.trim();
  if (nameTaken(name, channel.id)) throw conflict("a public channel with this name exists", "json");
  await updateRow(channel, { name });
  return summaryOf(user, id);
}

/** `POST /channels/<ch>/archive` and `/unarchive` (admins). */
export async function setArchived(user: string, id: string, archived: boolean): Promise<ChannelSummary> {
  await requireAdmin(user);
  const channel = await existing(id);
  if (archived && channel.seeded) throw conflict("this channel is named in settings.json and cannot be archived; remove it there first", "json");
  if (channel.archived !== archived) await updateRow(channel, { archived });
  return summaryOf(user, id);
}

/** `POST /channels/<ch>/purpose` (anyone; not in an archived channel). */
export async function setPurpose(user: string, id: string, input: z.infer<typeof purposeBody>): Promise<ChannelSummary> {
  const channel = await existing(id);
  if (channel.archived) throw archivedRefusal();
  await updateRow(channel, { purpose: input.purpose.trim() });
  return summaryOf(user, id);
}

/** `POST /channels/<ch>/join` and `/leave`: joining an archived channel is refused, leaving one is not. */
export async function setJoined(user: string, id: string, joined: boolean): Promise<ChannelSummary> {
  const channel = await existing(id);
  if (joined && channel.archived) throw archivedRefusal();
  await db().publicChannelMember.upsert({
    where: { channel_username: { channel: id, username: user } },
    create: { channel: id, username: user, joined },
    update: { joined },
  });
  publish("all", { kind: "channels", channel: id }); // member counts changed for everyone browsing
  return summaryOf(user, id);
}

export const archivedRefusal = () => forbidden("channel is archived", "json");

/** For writers that resolve a channel: an archived public channel is read-only. */
export function refuseIfArchived(id: string): void {
  if (isArchivedChannel(id)) throw archivedRefusal();
}
