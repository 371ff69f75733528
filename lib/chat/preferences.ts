/**
 * Per-channel preferences of a user (ChannelPreference rows): which notifications the channel makes,
 * `all` (the default, no row), `mentions` (only messages that mention the user, or @everyone) or `none`.
 * Muting is `none`: `muted` is kept equal to `notify === "none"` so older clients reading `muted` agree. A
 * channel that makes no notification still counts its unread messages; the client dims a muted one and
 * makes no sound, title count or desktop notification for what the level leaves out.
 */
import "server-only";
import { z } from "zod";
import { resolveChannel, type Channel } from "@/lib/channels";
import { db } from "@/lib/db/client";
import { forbidden, isDomainError } from "@/lib/errors";
import { checked } from "@/lib/schemas";

export const NOTIFY_LEVELS = ["all", "mentions", "none"] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];
const isLevel = (value: unknown): value is NotifyLevel => typeof value === "string" && (NOTIFY_LEVELS as readonly string[]).includes(value);

/** `POST /channel_preferences/<channel>` `{"muted": true|false}` or `{"notify": "all"|"mentions"|"none"}` (one of them). */
export const channelPreferenceBody = z
  .object({
    muted: checked((value): value is boolean => typeof value === "boolean", "muted must be true or false").optional(),
    notify: checked(isLevel, "notify must be all, mentions or none").optional(),
  })
  .superRefine((body, ctx) => {
    if (body.muted === undefined && body.notify === undefined) ctx.addIssue({ code: "custom", message: "give muted or notify" });
    else if (body.muted !== undefined && body.notify !== undefined && body.muted !== (body.notify === "none"))
      ctx.addIssue({ code: "custom", message: "muted and notify disagree (muted is notify none)" });
  });

export interface ChannelPreferences {
  muted: boolean;
  notify: NotifyLevel;
}

const levelOf = (notify: string, muted: boolean): NotifyLevel => (muted ? "none" : isLevel(notify) ? notify : "all");

/** `{"<channel>": {"muted": bool, "notify": level}}` for every channel whose level is not `all`. */
export async function channelPreferences(username: string): Promise<Record<string, ChannelPreferences>> {
  const rows = await db().channelPreference.findMany({
    where: { username, OR: [{ muted: true }, { notify: { not: "all" } }] },
    orderBy: { channel: "asc" },
    select: { channel: true, muted: true, notify: true },
  });
  const out: Record<string, ChannelPreferences> = {};
  for (const row of rows) {
    const notify = levelOf(row.notify, row.muted);
    if (notify !== "all") out[row.channel] = { muted: notify === "none", notify };
  }
  return out;
}

/** Sets a channel's level for a channel the caller has resolved (so may see). `all` keeps no row. */
export async function setNotifyLevel(username: string, channel: Channel, notify: NotifyLevel): Promise<void> {
  if (notify === "all") {
    await db().channelPreference.deleteMany({ where: { username, channel: channel.id } });
    return;
  }
  const data = { muted: notify === "none", notify };
  await db().channelPreference.upsert({
    where: { username_channel: { username, channel: channel.id } },
    create: { username, channel: channel.id, ...data },
    update: data,
  });
}

/** Mutes (level `none`) or unmutes (back to `all`) a channel the caller has resolved. */
export function setMuted(username: string, channel: Channel, muted: boolean): Promise<void> {
  return setNotifyLevel(username, channel, muted ? "none" : "all");
}

export async function isMuted(username: string, channel: string): Promise<boolean> {
  const row = await db().channelPreference.findUnique({ where: { username_channel: { username, channel } }, select: { muted: true, notify: true } });
  return row ? levelOf(row.notify, row.muted) === "none" : false;
}

/** `POST /channel_preferences/<channel>`: a channel the user cannot see is refused (403 JSON) and nothing is stored. */
export async function setChannelPreference(username: string, rawChannel: string, preference: { muted?: boolean; notify?: NotifyLevel }): Promise<ChannelPreferences> {
  let channel: Channel;
  try {
    channel = await resolveChannel(username, rawChannel, { write: rawChannel.startsWith("dm:") }); // a DM with an unknown user names nothing; an archived channel may still be quieted
  } catch (err) {
    if (isDomainError(err)) throw forbidden("forbidden", "json");
    throw err;
  }
  const notify: NotifyLevel = preference.notify ?? (preference.muted ? "none" : "all");
  await setNotifyLevel(username, channel, notify);
  return { muted: notify === "none", notify };
}
