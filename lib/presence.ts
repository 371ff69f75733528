/**
 * Presence and typing, as the reference keeps them: integer-second timestamps, a one-hour window for
 * who is online, five seconds for who is typing.
 */
import "server-only";
import { db } from "@/lib/db/client";

export const PRESENCE_STATES = ["active", "idle", "hidden", "offline"] as const;
export const OVERRIDE_STATES = ["active", "idle", "offline"] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];
export type OverrideState = (typeof OVERRIDE_STATES)[number];
/**
 * "Do not disturb": an override only the `/dnd` command sets (POST /presence/override keeps the
 * reference's three values). It is not one of the reference's states, so `/online_users`, which its
 * clients colour by state, shows such a user as `active` (present, just not to be disturbed); the
 * user's own client reads it from GET /presence/override and keeps quiet.
 */
export const DND = "dnd";
export type StoredOverride = OverrideState | typeof DND;

export const ONLINE_WINDOW_SECONDS = 3600;
export const TYPING_WINDOW_SECONDS = 5;

const nowInt = () => Math.floor(Date.now() / 1000);

export function isPresenceState(value: unknown): value is PresenceState {
  return typeof value === "string" && (PRESENCE_STATES as readonly string[]).includes(value);
}

export function isOverrideState(value: unknown): value is OverrideState {
  return typeof value === "string" && (OVERRIDE_STATES as readonly string[]).includes(value);
}

export async function setPresence(username: string, state: PresenceState): Promise<void> {
  const lastSeen = nowInt();
  await db().presence.upsert({
    where: { username },
    create: { username, lastSeen, state },
    update: { lastSeen, state },
  });
}

/** Sets (or clears, with null) the user's chosen status; refreshes last_seen like the reference. */
export async function setOverride(username: string, override: StoredOverride | null): Promise<void> {
  const lastSeen = nowInt();
  await db().presence.upsert({
    where: { username },
    create: { username, lastSeen, state: "offline", override },
    update: { lastSeen, override },
  });
}

export async function getOverride(username: string): Promise<StoredOverride | null> {
  const row = await db().presence.findUnique({ where: { username }, select: { override: true } });
  const value = row?.override ?? null;
  return isOverrideState(value) || value === DND ? value : null;
}

/** Logout: offline, override cleared. */
export async function signOffPresence(username: string): Promise<void> {
  await db().presence.updateMany({ where: { username }, data: { state: "offline", override: null } });
}

/**
 * `{user: state}` for everyone seen in the last hour; the override wins over the reported state. A
 * do-not-disturb user is `active` (see DND).
 */
export async function onlineUsers(): Promise<Record<string, string>> {
  const rows = await db().presence.findMany({
    where: { lastSeen: { gte: nowInt() - ONLINE_WINDOW_SECONDS } },
    select: { username: true, state: true, override: true },
  });
  const out: Record<string, string> = {};
  for (const row of rows) {
    const shown = (row.override || row.state).toLowerCase();
    out[row.username] = shown === DND ? "active" : shown;
  }
  return out;
}

/** Start-up: nobody is connected to a server that just started. */
export async function resetAllPresence(): Promise<void> {
  await db().presence.updateMany({ data: { state: "offline", override: null } });
}

export async function setTyping(username: string, channel: string): Promise<void> {
  const ts = nowInt();
  await db().typing.upsert({
    where: { username_channel: { username, channel } },
    create: { username, channel, ts },
    update: { ts },
  });
}

export async function typingUsers(channel: string, except: string): Promise<string[]> {
  const rows = await db().typing.findMany({
    where: { channel, ts: { gte: nowInt() - TYPING_WINDOW_SECONDS }, username: { not: except } },
    orderBy: { ts: "asc" },
    select: { username: true },
  });
  return rows.map((r) => r.username);
}
