/**
 * Per-channel preferences of a user (ChannelPreference rows): today whether the channel is muted. A muted
 * channel still counts its unread messages; the client dims it and makes no sound or notification for it.
 */
import "server-only";
import { z } from "zod";
import { resolveChannel, type Channel } from "@/lib/channels";
import { db } from "@/lib/db/client";
import { forbidden, isDomainError } from "@/lib/errors";
import { checked } from "@/lib/schemas";

/** `POST /channel_preferences/<channel>` `{"muted": true|false}`. */
export const channelPreferenceBody = z.object({
  muted: checked((value): value is boolean => typeof value === "boolean", "muted must be true or false"),
});

export interface ChannelPreferences {
  muted: boolean;
}

/** `{"<channel>": {"muted": true}}` for every channel the user set a preference on (muted ones only). */
export async function channelPreferences(username: string): Promise<Record<string, ChannelPreferences>> {
  const rows = await db().channelPreference.findMany({ where: { username, muted: true }, orderBy: { channel: "asc" }, select: { channel: true } });
  const out: Record<string, ChannelPreferences> = {};
  for (const row of rows) out[row.channel] = { muted: true };
  return out;
}

/** Mutes or unmutes a channel the caller has resolved (so may see). An unmuted channel keeps no row. */
export async function setMuted(username: string, channel: Channel, muted: boolean): Promise<void> {
  if (muted) {
    await db().channelPreference.upsert({
      where: { username_channel: { username, channel: channel.id } },
      create: { username, channel: channel.id, muted: true },
      update: { muted: true },
    });
  } else {
    await db().channelPreference.deleteMany({ where: { username, channel: channel.id } });
  }
}

export async function isMuted(username: string, channel: string): Promise<boolean> {
  const row = await db().channelPreference.findUnique({ where: { username_channel: { username, channel } }, select: { muted: true } });
  return row?.muted ?? false;
}

/** `POST /channel_preferences/<channel>`: a channel the user cannot see is refused (403 JSON) and nothing is stored. */
export async function setChannelPreference(username: string, rawChannel: string, preference: ChannelPreferences): Promise<ChannelPreferences> {
  let channel: Channel;
  try {
    channel = await resolveChannel(username, rawChannel, { write: true }); // a DM with an unknown user names nothing
  } catch (err) {
    if (isDomainError(err)) throw forbidden("forbidden", "json");
    throw err;
  }
  await setMuted(username, channel, preference.muted);
  return { muted: preference.muted };
}
