/**
 * Which private channels each user belongs to, read once and kept per process: every channel-scoped
 * request of a private channel and every search asks, and memberships change rarely. Every write
 * (create, add, leave, account deletion) goes through lib/chat/private-channels.ts or
 * lib/auth/accounts.ts, which call `membershipsChanged` right after the database write, before any
 * other await. It is published on the bus, and each instance's cache drops the users' entries when
 * told: here at once, so no request can see the old set once the change is acknowledged; on other
 * instances as soon as the message arrives (with Redis, well under a millisecond on one network).
 * A read in flight when the drop comes is not kept (its entry is the promise the drop removes).
 */
import "server-only";
import { db } from "@/lib/db/client";
import { bus } from "@/lib/events";
import { singleton } from "@/lib/globals";

const cache = () =>
  singleton("private-memberships", () => {
    const map = new Map<string, Promise<ReadonlySet<number>>>();
    bus().subscribe("memberships", ({ users }) => {
      for (const user of users) map.delete(user);
    });
    bus().subscribe("resync", () => map.clear());
    return map;
  });

/** The ids of the private channels `user` is a member of. */
export function privateMemberships(user: string): Promise<ReadonlySet<number>> {
  const map = cache();
  let entry = map.get(user);
  if (!entry) {
    const loading = db()
      .privateChannelMember.findMany({ where: { username: user }, select: { channelId: true } })
      .then((rows): ReadonlySet<number> => new Set(rows.map((r) => r.channelId)));
    // A failed read is not remembered: the next request asks the database again.
    loading.catch(() => {
      if (map.get(user) === loading) map.delete(user);
    });
    map.set(user, (entry = loading));
  }
  return entry;
}

/** Forget what is known of these users' memberships (after joining, leaving, creating, deleting). */
export function membershipsChanged(users: Iterable<string>): void {
  bus().publish("memberships", { users: [...users] });
}
