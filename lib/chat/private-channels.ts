/**
 * Private channels: create, rename, add a member, leave, list members. Changes are announced to the
 * members by system messages, as the reference does.
 */
import "server-only";
import { CHANNEL_NAME_MAX } from "@/lib/client/constants";
import { db, isUniqueViolation, nowSeconds } from "@/lib/db/client";
import { publish } from "@/lib/events";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { membershipsChanged } from "@/lib/memberships";
import { postSystemNotice } from "@/lib/messaging";
import { nameProblem } from "@/lib/text";
import { canonicalUsername } from "@/lib/users";

export const NAME_MAX = CHANNEL_NAME_MAX;
export const MEMBERS_MAX = 500;
const nameTooLong = `channel name must be ${NAME_MAX} characters or fewer`;

const channelId = (id: number) => `private:${id}`;

/** Why `name` (already trimmed) cannot name a private channel, or null when it can. */
export function channelNameProblem(name: string): string | null {
  if (!name) return "name required";
  if ([...name].length > NAME_MAX) return nameTooLong;
  const problem = nameProblem(name);
  return problem ? `channel name ${problem}` : null;
}

function validName(raw: string): string {
  const name = raw.trim();
  const problem = channelNameProblem(name);
  if (problem) throw invalid(problem, "plain");
  return name;
}

async function memberNames(id: number): Promise<string[]> {
  const rows = await db().privateChannelMember.findMany({ where: { channelId: id }, orderBy: { id: "asc" }, select: { username: true } });
  return rows.map((r) => r.username);
}

async function requireMember(user: string, id: number): Promise<string[]> {
  const members = await memberNames(id);
  if (!members.includes(user)) throw forbidden();
  return members;
}

async function announce(id: number, recipients: string[], content: string): Promise<void> {
  await postSystemNotice(channelId(id), content, { kind: "users", users: recipients }, { readBy: true });
  publish(recipients, { kind: "messages", channel: channelId(id) });
}

/** `POST /private_channels/create` `{"name", "members": [...]}`. */
export async function createPrivateChannel(user: string, body: { name: string; members: string[] }) {
  const name = validName(body.name);
  const members: string[] = [];
  for (const typed of body.members.map((m) => m.trim()).filter(Boolean)) {
    const member = await canonicalUsername(typed);
    if (!member) throw notFound("user not found");
    if (members.includes(member)) {
      if (member === user) continue;
      throw invalid(`duplicate member: ${member}`, "plain");
    }
    members.push(member);
  }
  if (!members.includes(user)) members.push(user);
  if (members.length > MEMBERS_MAX) throw invalid(`a private channel has at most ${MEMBERS_MAX} members`, "plain");
  const now = nowSeconds();
  const channel = await db().privateChannel.create({
    data: {
      name,
      createdBy: user,
      createdTs: now,
      members: { create: members.map((username) => ({ username, joinedTs: now })) },
    },
    select: { id: true, name: true },
  });
  membershipsChanged(members);
  publish(members, { kind: "private_channels", channel: channelId(channel.id) });
  return { id: channel.id, channel: channelId(channel.id), name: channel.name };
}

export async function renamePrivateChannel(user: string, id: number, body: { name: string }): Promise<void> {
  const members = await requireMember(user, id);
  const name = validName(body.name);
  await db().privateChannel.update({ where: { id }, data: { name } });
  await announce(id, members, `${user} has renamed the channel to "${name}"`);
  publish(members, { kind: "private_channels", channel: channelId(id) });
}

export async function addPrivateChannelMember(user: string, id: number, body: { username: string }): Promise<void> {
  const members = await requireMember(user, id);
  const typed = body.username.trim();
  if (!typed) throw invalid("username required", "plain");
  const username = await canonicalUsername(typed);
  if (!username) throw notFound("user not found");
  if (members.includes(username)) throw conflict("already a member", "plain");
  if (members.length >= MEMBERS_MAX) throw invalid(`a private channel has at most ${MEMBERS_MAX} members`, "plain");
  const now = nowSeconds();
  try {
    await db().privateChannelMember.create({ data: { channelId: id, username, joinedTs: now, historyStartTs: now } });
    membershipsChanged([username]);
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("already a member", "plain"); // a simultaneous add won
    throw err;
  }
  await announce(id, [...members, username], `${user} added ${username} to this channel`);
  publish([...members, username], { kind: "private_channels", channel: channelId(id) });
}

export async function leavePrivateChannel(user: string, id: number): Promise<void> {
  const members = await requireMember(user, id);
  await db().privateChannelMember.deleteMany({ where: { channelId: id, username: user } });
  membershipsChanged([user]);
  const remaining = members.filter((m) => m !== user);
  if (remaining.length) await announce(id, remaining, `${user} has left the channel`);
  publish(members, { kind: "private_channels", channel: channelId(id) });
}

export async function privateChannelMembers(user: string, id: number): Promise<{ username: string }[]> {
  return (await requireMember(user, id)).map((username) => ({ username }));
}
