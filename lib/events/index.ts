/**
 * The bus port: what an instance must tell every instance, itself included. (a) Change notices for
 * connected clients (`GET /events`): a write tells the users it concerns which channel changed and
 * how, and clients refetch at once instead of waiting for their next poll. (b) Cache invalidations:
 * sessions, private-channel memberships and the user directory are cached per instance, and each
 * cache drops its entry when told, so with a shared bus a logout on one instance is honoured on all.
 * Messages are plain JSON so that a shared implementation can carry them between processes: with
 * `REDIS_URL` set, lib/events/redis.ts carries them to every instance.
 */
import "server-only";
import { redisBackend } from "@/lib/backends";
import { existingSingleton, resetSingleton, singleton } from "@/lib/globals";
import { InProcessBus } from "./memory";
import { commandConnection, RedisBus } from "./redis";
import type Redis from "ioredis";

/** `pins`: a channel's pinned messages changed; `saved`: the reader's saved messages changed. `accounts`: an account was deleted; messages already loaded may have changed sender or be gone. `threads`: a followed thread got a reply, or the reader's follows or read marks changed. `channels`: a public channel was created, renamed, archived or unarchived, its purpose or members changed. */
export type ChangeKind = "messages" | "receipts" | "reactions" | "private_channels" | "dms" | "accounts" | "threads" | "pins" | "saved" | "channels";

export interface ChangeEvent {
  kind: ChangeKind;
  channel?: string;
}

/** Every message the bus carries, by topic. */
export interface BusMessages {
  /** A change notice for the event streams of `users` (or of every connected user). */
  change: { users: readonly string[] | "all"; event: ChangeEvent };
  /** Sessions of `user` ended (a logout, signing out everywhere, a password change, a deletion): close the user's streams. */
  "sessions-ended": { user: string };
  /** The account's session version changed, or the account is gone: drop what is cached of it. */
  account: { user: string };
  /** One session was revoked: drop what is cached of it. */
  "session-revoked": { sid: string };
  /** A personal access token was revoked: drop what is cached of it. */
  "token-revoked": { id: string };
  /** A channel's outgoing webhooks were added, deleted or disabled: read them afresh. */
  "outgoing-webhooks": { channel: string };
  /** These users joined, left, created or lost private channels. */
  memberships: { users: readonly string[] };
  /** An account was created or deleted: the list of usernames changed. */
  directory: Record<string, never>;
  /** A public channel was created, renamed, archived or unarchived, or its purpose changed: read the list afresh. */
  "public-channels": Record<string, never>;
  /** A user's BaK rules changed: drop what is cached of them. */
  bak: { user: string };
  /**
   * Messages from other instances may have been missed: every cache drops everything it holds. `lost`:
   * the shared bus was unreachable for a while, so event streams also tell their clients to refetch and
   * close; without it the bus has only just started listening (at start-up: caches filled in its first
   * milliseconds are dropped, streams are left alone). The in-process bus never sends it.
   */
  resync: { lost: boolean };
}

export type Topic = keyof BusMessages;
export type Handler<T extends Topic> = (message: BusMessages[T]) => void;

export interface Bus {
  /**
   * Delivers `message` to every subscriber of `topic`: this instance's before returning (so an
   * invalidation holds for the next request here), other instances' as soon as they receive it. A
   * failing subscriber is logged and skipped; publishing never throws because of one.
   */
  publish<T extends Topic>(topic: T, message: BusMessages[T]): void;
  /** Runs `handler` for every message of `topic` from now on; the returned function stops it. */
  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void;
}

/** The bus of this process: on Redis when REDIS_URL is set (several instances), else in-process. */
export function bus(): Bus {
  return singleton<Bus>("bus", () => {
    const redis = redisBackend();
    return redis ? new RedisBus(redis) : new InProcessBus();
  });
}

/**
 * The Redis connection for shared caches (keys under REDIS_PREFIX), or null when REDIS_URL is unset and
 * caches stay in this process.
 */
export function sharedRedis(): Redis | null {
  const redis = redisBackend();
  return redis ? singleton("redis-commands", () => commandConnection(redis)) : null;
}

/**
 * Whether the shared bus answers (`/readyz`): resolves at once when there is none (REDIS_URL unset),
 * rejects when Redis does not answer a PING or the bus is not subscribed.
 */
export async function pingRedis(): Promise<void> {
  if (!redisBackend()) return;
  const current = bus();
  if (current instanceof RedisBus) await current.ping();
}

/**
 * Closes the Redis connections of this process, if it has any: the bus's and sharedRedis()'s (shutdown,
 * the end of a test file: an open connection keeps the process alive). A later `bus()` makes a new bus;
 * caches made before keep listening to the old one, so this is for the end of a process only.
 */
export async function closeBus(): Promise<void> {
  const current = existingSingleton<Bus>("bus");
  const commands = existingSingleton<Redis>("redis-commands");
  resetSingleton("bus");
  resetSingleton("redis-commands");
  await Promise.all([
    current instanceof RedisBus ? current.close() : undefined,
    commands?.quit().catch(() => commands.disconnect()),
  ]);
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

/** Runs every listener of `targets` with `event`; a failing one is logged and skipped. */
function notify(targets: Iterable<Set<Listener>>, event: ChangeEvent): void {
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

/** The streams connected to this instance, by user; fed by the bus's change notices. */
const listeners = () =>
  singleton("event-listeners", () => {
    const map = new Map<string, Set<Listener>>();
    bus().subscribe("change", ({ users, event }) => {
      notify(users === "all" ? [...map.values()] : users.map((u) => map.get(u)).filter((s): s is Set<Listener> => !!s), event);
    });
    resyncStreams();
    return map;
  });

export function subscribe(user: string, listener: Listener): () => void {
  return register(listeners(), user, listener);
}

const closers = () =>
  singleton("event-stream-closers", () => {
    const map = new Map<string, Set<() => void>>();
    bus().subscribe("sessions-ended", ({ user }) => {
      for (const close of [...(map.get(user) ?? [])]) close();
    });
    resyncStreams();
    return map;
  });

/**
 * On a resync, notices may have been missed. Every stream is told "accounts" (its client refetches
 * everything it shows), then closes: a "sessions-ended" may have been among them, and each page
 * reconnects at once with the session it holds now (an ended one gets 401). One handler for both, so
 * the notice always goes out before the close.
 */
const resyncStreams = () =>
  singleton("event-streams-resync", () =>
    bus().subscribe("resync", ({ lost }) => {
      if (!lost) return;
      const listening = existingSingleton<Map<string, Set<Listener>>>("event-listeners");
      if (listening) notify([...listening.values()], { kind: "accounts" });
      const closing = existingSingleton<Map<string, Set<() => void>>>("event-stream-closers");
      for (const set of [...(closing?.values() ?? [])]) for (const close of [...set]) close();
    }),
  );

/** `close` runs when sessions of `user` end (sign-out, password change or reset, deletion). */
export function onSessionsEnded(user: string, close: () => void): () => void {
  return register(closers(), user, close);
}

/**
 * Ends the user's open event streams, on every instance: they were opened with sessions that may no
 * longer count. A page still signed in reconnects with its current session at once; an ended one gets 401.
 */
export function endStreams(user: string): void {
  bus().publish("sessions-ended", { user });
}

/** Tells `users` (or every connected user) about a change. */
export function publish(users: readonly string[] | "all", event: ChangeEvent): void {
  bus().publish("change", { users, event });
}
