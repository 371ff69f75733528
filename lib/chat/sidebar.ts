/**
 * What the sidebar shows: unread counts per public channel, the DM list, the private channels.
 * Unread means: from someone else, not read, not deleted (one predicate everywhere).
 */
import "server-only";
import { channelRecipients, publicChannelIds, publicChannelsReady, resolveChannel } from "@/lib/channels";
import { joinedChannels } from "@/lib/chat/channel-admin";
import { db, nowSeconds } from "@/lib/db/client";
import { publish } from "@/lib/events";
import { invalid, notFound } from "@/lib/errors";
import { privateMemberships } from "@/lib/memberships";
import { messageStore } from "@/lib/messages";

/** Unread counts of the public channels in the user's sidebar (joined, not archived: issue 16). */
export async function channelUnreads(user: string): Promise<Record<string, number>> {
  return messageStore().unreadCounts(user, await joinedChannels(user));
}

/**
 * `GET /channel_mentions` (our addition): unread mentions of the user per public and private channel
 * (each listed) and per DM (those with any), counted as unread is, among rows naming them or everyone.
 */
export async function channelMentions(user: string): Promise<Record<string, number>> {
  const [joined, visible] = await Promise.all([joinedChannels(user), visibleChannels(user)]);
  const shown = new Set(joined);
  const publicIds = new Set(publicChannelIds());
  // A public channel the user left, or an archived one, counts nothing (it is not in their sidebar).
  return messageStore().mentionCounts(user, visible.filter((c) => !publicIds.has(c) || shown.has(c)));
}

export async function unreadCount(user: string): Promise<{ count: number }> {
  return { count: await messageStore().dmUnreadTotal(user) };
}

export async function dmList(user: string) {
  return (await messageStore().dmSummaries(user)).map((dm) => ({
    channel: dm.channel,
    users: dm.channel.slice(3).split(":").filter((name) => name !== user),
    unread: dm.unread,
  }));
}

/** `POST /dms/close`: hides the DM until a newer message arrives. */
export async function closeDm(user: string, raw: string): Promise<void> {
  if (!raw.startsWith("dm:")) throw invalid("invalid channel", "plain");
  const channel = await resolveChannel(user, raw);
  // A DM naming someone who has no account is refused (port decision 7) unless it holds history,
  // as a DM with a deleted account does: that one can still be closed.
  if (channel.kind === "dm" && (await messageStore().pageBefore(user, channel.id, Infinity, 1)).length === 0) {
    const registered = await channelRecipients(channel);
    if (registered.length < channel.participants.length) throw notFound("user not found");
  }
  await messageStore().hideDm(user, channel.id, nowSeconds());
  publish([user], { kind: "dms", channel: channel.id });
}

export async function privateChannelList(user: string) {
  const memberships = await db().privateChannelMember.findMany({
    where: { username: user },
    orderBy: { channelId: "asc" },
    select: { channel: { select: { id: true, name: true, members: { orderBy: { id: "asc" }, select: { username: true } } } } },
  });
  const ids = memberships.map((m) => `private:${m.channel.id}`);
  const unread = await messageStore().unreadCounts(user, ids);
  return memberships.map(({ channel }) => ({
    id: channel.id,
    channel: `private:${channel.id}`,
    name: channel.name,
    unread: unread[`private:${channel.id}`] ?? 0,
    members: channel.members.map((m) => m.username),
  }));
}

/** The channels a user may see now besides their DMs (search scope): every public channel, archived or left ones too. */
export async function visibleChannels(user: string): Promise<string[]> {
  const [memberships] = await Promise.all([privateMemberships(user), publicChannelsReady()]);
  return [...publicChannelIds(), ...[...memberships].map((id) => `private:${id}`)];
}
