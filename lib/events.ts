/**
 * Change notifications for connected clients (`GET /events`). A write tells the users it concerns
 * which channel changed and how; clients refetch at once instead of waiting for their next poll.
 * In-process: a scaled-out deployment would carry the same events over a shared channel.
 */
import "server-only";
import { singleton } from "@/lib/globals";

/** `accounts`: an account was deleted; messages already loaded may have changed sender or be gone. */
export type ChangeKind = "messages" | "receipts" | "reactions" | "private_channels" | "dms" | "accounts";

export interface ChangeEvent {
  kind: ChangeKind;
  channel?: string;
}

type Listener = (event: ChangeEvent) => void;

/** Adds `item` under `user`; the returned function removes it (and the user's entry once empty). */
function register<T>(map: Map<string, Set<T>>, user: string, item: T): () => void {
  let set = map.get(user);
  if (!set) map.set(user, (set = new Set()));
  set.add(item);
  return () => {
    set.delete(item);
    if (set.size === 0) map.delete(user);
  };
}

const listeners = () => singleton("event-listeners", () => new Map<string, Set<Listener>>());

export function subscribe(user: string, listener: Listener): () => void {
  return register(listeners(), user, listener);
}

const closers = () => singleton("event-stream-closers", () => new Map<string, Set<() => void>>());

/** `close` runs when every session of `user` ends (sign-out, password change or reset, deletion). */
export function onSessionsEnded(user: string, close: () => void): () => void {
  return register(closers(), user, close);
}

/**
 * Ends the user's open event streams: they were opened with sessions that no longer count. A page
 * still signed in reconnects with its current session at once; an ended one gets 401.
 */
export function endStreams(user: string): void {
  const set = closers().get(user);
  if (!set) return;
  for (const close of [...set]) close();
}

/** Tells `users` (or every connected user) about a change. */
export function publish(users: readonly string[] | "all", event: ChangeEvent): void {
  const map = listeners();
  const targets = users === "all" ? [...map.values()] : users.map((u) => map.get(u)).filter((s): s is Set<Listener> => !!s);
  for (const set of targets) {
    for (const listener of set) {
      try {
        listener(event);
      } catch (err) {
        console.error("[events] listener failed", err);
      }
    }
  }
}
