/**
 * Channel identifiers and access. Public channels come from settings.json and the admins' PublicChannel
 * rows (lib/public-channels.ts); DMs are `dm:` + the
 * participants' canonical names sorted case-insensitively (port decision 7); private channels are
 * `private:<id>` with membership in the shared database.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { forbidden, notFound } from "@/lib/errors";
import { privateMemberships } from "@/lib/memberships";
import { isArchivedChannel, isPublicChannel, publicChannelsReady } from "@/lib/public-channels";
import { allUsernames, canonicalUsername } from "@/lib/users";

/** Sender of messages written by the server itself; a reserved username. */
export const SYSTEM_SENDER = "system";

/** Sender of anonymous tribune posts, `""`: no username can be empty (defined with the rows it marks). */
export { ANONYMOUS_SENDER } from "@/lib/messages";

export type Channel =
  | { kind: "public"; id: string }
  | { kind: "dm"; id: string; participants: string[] }
  | { kind: "private"; id: string; privateId: number };

const byKey = (a: string, b: string) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

export function dmId(participants: readonly string[]): string {
  return "dm:" + [...new Set(participants)].sort(byKey).join(":");
}

export { isArchivedChannel, isPublicChannel, publicChannelIds, publicChannelsReady } from "@/lib/public-channels";

const PRIVATE_RE = /^private:([1-9][0-9]{0,15})$/;

/**
 * Resolves a channel id for `user`, checking access. DM ids are canonicalised. Writing to a DM that
 * names an unknown user answers 404 `user not found`; reading one is allowed, so history with an
 * account that was deleted stays readable. Anything the user may not see answers 403 `forbidden`.
 * Writing to an archived public channel answers 403 `{"error": "channel is archived"}`.
 */
export async function resolveChannel(user: string, raw: string, options: { write?: boolean } = {}): Promise<Channel> {
  await publicChannelsReady();
  if (isPublicChannel(raw)) {
    if (options.write && isArchivedChannel(raw)) throw forbidden("channel is archived", "json");
    return { kind: "public", id: raw };
  }
  if (raw.startsWith("dm:")) {
    const parts = raw.slice(3).split(":");
    if (parts.length < 2 || parts.some((p) => !p)) throw forbidden();
    const participants: string[] = [];
    for (const part of parts) {
      if (part.toLowerCase() === SYSTEM_SENDER) {
        participants.push(SYSTEM_SENDER);
        continue;
      }
      const name = await canonicalUsername(part);
      if (!name && options.write) throw notFound("user not found");
      participants.push(name ?? part);
    }
    const unique = [...new Set(participants)].sort(byKey);
    if (unique.length < 2 || !unique.includes(user)) throw forbidden();
    return { kind: "dm", id: "dm:" + unique.join(":"), participants: unique };
  }
  const match = PRIVATE_RE.exec(raw);
  if (match) {
    const privateId = Number(match[1]);
    if (!(await privateMemberships(user)).has(privateId)) throw forbidden();
    return { kind: "private", id: raw, privateId };
  }
  throw forbidden();
}

/** `GET /channel_members/<channel>`: everyone who has the channel but `user`. */
export async function otherMembers(channel: Channel, user: string): Promise<string[]> {
  return (await channelRecipients(channel)).filter((m) => m !== user);
}

/** Everyone who gets a copy of a message in this channel. */
export async function channelRecipients(channel: Channel): Promise<string[]> {
  switch (channel.kind) {
    case "public":
      return [...(await allUsernames())];
    case "dm": {
      const registered = await Promise.all(channel.participants.map(canonicalUsername));
      return registered.filter((p): p is string => p !== null);
    }
    case "private": {
      const rows = await db().privateChannelMember.findMany({
        where: { channelId: channel.privateId },
        orderBy: { id: "asc" },
        select: { username: true },
      });
      return rows.map((r) => r.username);
    }
  }
}
