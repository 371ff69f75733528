/**
 * The directory of registered usernames, in registration order, cached in memory because every
 * public-channel write needs the whole list. Account creation and deletion invalidate it on every
 * instance, through the bus.
 */
import "server-only";
import { db } from "@/lib/db/client";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";

interface Directory {
  names: string[];
  byKey: Map<string, string>;
}

interface DirectoryCache {
  generation: number;
  current?: Directory;
}

const cache = () =>
  singleton<DirectoryCache>("user-directory", () => {
    const state: DirectoryCache = { generation: 0 };
    const drop = () => {
      state.generation++;
      state.current = undefined;
    };
    bus().subscribe("directory", drop);
    bus().subscribe("resync", drop);
    return state;
  });

async function load(): Promise<Directory> {
  const state = cache();
  if (state.current) return state.current;
  const generation = state.generation;
  const rows = await db().user.findMany({ select: { username: true }, orderBy: [{ createdAt: "asc" }, { username: "asc" }] });
  const names = rows.map((r) => r.username);
  const directory = { names, byKey: new Map(names.map((n) => [n.toLowerCase(), n])) };
  // A load that raced an invalidation may be stale: use it for this caller, but do not keep it.
  if (state.generation === generation) state.current = directory;
  return directory;
}

export function invalidateDirectory(): void {
  bus().publish("directory", {});
}

export async function allUsernames(): Promise<readonly string[]> {
  return (await load()).names;
}

/** `GET /users`: every registered username but `user`'s, in registration order. */
export async function otherUsernames(user: string): Promise<string[]> {
  return (await allUsernames()).filter((name) => name !== user);
}

/** The canonical spelling of a username, matched case-insensitively, or null. */
export async function canonicalUsername(name: string): Promise<string | null> {
  return (await load()).byKey.get(name.toLowerCase()) ?? null;
}
