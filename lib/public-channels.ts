/**
 * The public channels of the team (issue 16): settings.json's list, which seeds them, unioned with the
 * PublicChannel rows admins create at runtime (and rows recording a rename or purpose of a settings
 * channel). Every message copy and archive is keyed by a channel's `id`, which never changes; a rename
 * changes `name`, the name shown, so history and per-user copies stay where they are.
 *
 * `isPublicChannel` is on the hot path of every channel-scoped request, so it stays synchronous: the rows
 * are read once per process and kept. Every change goes through lib/chat/channel-admin.ts, which publishes
 * `public-channels` on the bus; each instance re-reads the rows when told (this one before the change is
 * acknowledged, others as soon as the message arrives). `publicChannelsReady()` resolves once the newest
 * read is in: async callers that must not see an older list await it first (resolveChannel does).
 */
import "server-only";
import { settings } from "@/lib/config";
import { db } from "@/lib/db/client";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";

export interface PublicChannelRow {
  id: string;
  name: string;
  purpose: string;
  archived: boolean;
  createdBy: string | null;
}

export interface PublicChannelInfo extends PublicChannelRow {
  /** Named in settings.json: everyone is in it unless they left, and it cannot be archived. */
  seeded: boolean;
}

interface Catalogue {
  rows: ReadonlyMap<string, PublicChannelRow>;
  loading: Promise<void> | null;
  generation: number;
}

const catalogue = () =>
  singleton("public-channels", () => {
    const state: Catalogue = { rows: new Map(), loading: null, generation: 0 };
    const reload = () => {
      state.loading = null;
      void publicChannelsReady().catch(() => undefined); // start at once; a failure is retried on the next ask
    };
    bus().subscribe("public-channels", reload);
    bus().subscribe("resync", reload);
    return state;
  });

/** Resolves once the newest read of the channel rows is in (at once when nothing changed since). */
export function publicChannelsReady(): Promise<void> {
  const state = catalogue();
  if (!state.loading) {
    const generation = ++state.generation;
    const loading = db()
      .publicChannel.findMany({ select: { id: true, name: true, purpose: true, archived: true, createdBy: true } })
      .then((rows) => {
        // A newer read started while this one ran: that one's answer is the one to keep.
        if (generation === state.generation) state.rows = new Map(rows.map((row) => [row.id, row]));
      });
    loading.catch(() => {
      if (state.loading === loading) state.loading = null;
    });
    state.loading = loading;
  }
  return state.loading;
}

/** Tells every instance (this one first) that the rows changed; resolves when this instance has re-read them. */
export function publicChannelsChanged(): Promise<void> {
  bus().publish("public-channels", {});
  return publicChannelsReady();
}

/** Every public channel, archived ones included: settings.json's first, in its order, then the others by name. */
export function publicChannels(): PublicChannelInfo[] {
  const { rows } = catalogue();
  const seeded = settings().channels;
  const seededSet = new Set<string>(seeded);
  const out: PublicChannelInfo[] = seeded.map((id) => {
    const row = rows.get(id);
    return { id, name: row?.name ?? id, purpose: row?.purpose ?? "", archived: false, createdBy: null, seeded: true };
  });
  const others = [...rows.values()].filter((row) => !seededSet.has(row.id)).sort((a, b) => a.name.localeCompare(b.name));
  for (const row of others) out.push({ ...row, seeded: false });
  return out;
}

/** The ids of every public channel, archived ones included (they stay readable and searchable). */
export function publicChannelIds(): string[] {
  return publicChannels().map((c) => c.id);
}

export function publicChannel(id: string): PublicChannelInfo | null {
  return publicChannels().find((c) => c.id === id) ?? null;
}

export function isPublicChannel(id: string): boolean {
  return settings().channels.includes(id) || catalogue().rows.has(id);
}

/** Archived: read-only. A settings.json channel never is, whatever its row says. */
export function isArchivedChannel(id: string): boolean {
  return !settings().channels.includes(id) && (catalogue().rows.get(id)?.archived ?? false);
}
