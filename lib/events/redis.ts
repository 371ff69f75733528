/**
 * The bus of several instances (issue 14), on Redis pub/sub. A publish reaches this instance's
 * subscribers first, synchronously (the port's promise: an invalidation holds for the next request
 * here), then goes to Redis as one JSON envelope on `<prefix>bus`; a second connection, in subscriber
 * mode, hands the envelopes of the other instances to this one's subscribers (its own are skipped:
 * they were delivered already).
 *
 * Redis unreachable: `publish` never throws. Envelopes wait in a bounded backlog and go out, in order,
 * once the connection is back (ioredis reconnects by itself); the outage is logged once. What is lost
 * meanwhile: the envelopes other instances published while this one's subscriber was disconnected
 * (pub/sub keeps nothing for absent listeners), and this instance's own beyond the backlog. Either way
 * a cache may have missed an invalidation, so a `resync` goes out: locally each time the subscription
 * is (re)established (the first time too: a cache filled before it could have missed one), and to
 * every instance after a reconnect that dropped envelopes of ours. Every cache drops everything on
 * `resync`; when messages may really have been lost (not the first subscription), event streams also
 * tell their clients to refetch and close.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import type { RedisBackend } from "@/lib/backends";
import type { Bus, BusMessages, Handler, Topic } from "./index";
import { InProcessBus } from "./memory";

/** Envelopes kept while Redis is unreachable; beyond this they are dropped and a resync follows. */
const BACKLOG_LIMIT = 10_000;

/** How long a cache command may wait for Redis before it counts as a miss. */
const COMMAND_TIMEOUT_MS = 500;

/** Every topic, so an envelope naming another (a newer or older release's) is recognised and skipped. */
const TOPICS: Record<Topic, true> = {
  change: true,
  "sessions-ended": true,
  account: true,
  "session-revoked": true,
  "token-revoked": true,
  "outgoing-webhooks": true,
  memberships: true,
  directory: true,
  bak: true,
  "public-channels": true,
  resync: true,
};

interface Envelope {
  /** The publishing bus. */
  o: string;
  t: Topic;
  m: unknown;
}

function parseEnvelope(text: string): Envelope | null {
  try {
    const value = JSON.parse(text) as Partial<Envelope> | null;
    if (!value || typeof value.o !== "string" || typeof value.t !== "string" || !Object.hasOwn(TOPICS, value.t)) return null;
    if (typeof value.m !== "object" || value.m === null) return null;
    return value as Envelope;
  } catch {
    return null;
  }
}

/** How long ping() waits for a connection that is still being made (the probe's own deadline is 2 s). */
const CONNECTING_WAIT_MS = 1500;

/** Resolves when the connection is ready, at once if it is; rejects naming its state after CONNECTING_WAIT_MS. */
function untilReady(connection: Redis, role: string): Promise<void> {
  if (connection.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      connection.off("ready", done);
      resolve();
    };
    const timer = setTimeout(() => {
      connection.off("ready", done);
      reject(new Error(`bus ${role} is ${connection.status}`));
    }, CONNECTING_WAIT_MS);
    connection.on("ready", done);
  });
}

/** The ioredis options every connection has: a name that shows in CLIENT LIST, no wait-forever. */
const connectionOptions = (role: string) => ({
  // CLIENT SETNAME takes no spaces or quotes.
  connectionName: `minimost-${role}`.replace(/[^\w.:-]/g, "_"),
  // Our own backlog holds publishes while disconnected; ioredis's queue would grow without bound.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
});

/**
 * A connection for plain commands (shared caches such as the link previews'). A command waits for the
 * connection (just started, or reconnecting) at most COMMAND_TIMEOUT_MS, then fails: a cache miss is the
 * worst a Redis outage does to its callers.
 */
export function commandConnection(backend: RedisBackend): Redis {
  const connection = new Redis(backend.url, { ...connectionOptions("cache"), enableOfflineQueue: true, commandTimeout: COMMAND_TIMEOUT_MS });
  // The bus logs an outage once; each failed command is its caller's miss.
  connection.on("error", () => {});
  return connection;
}

export interface RedisBusOptions {
  /** This bus's id in its envelopes; one per bus object (one per process in production). */
  origin?: string;
  /** Envelopes held while Redis is unreachable (default BACKLOG_LIMIT). */
  backlogLimit?: number;
}

export class RedisBus implements Bus {
  readonly origin: string;
  private readonly local = new InProcessBus();
  private readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly backlog: string[] = [];
  private readonly backlogLimit: number;
  /** Envelopes of ours were lost (backlog overflow, a publish that failed): tell everyone to resync. */
  private dropped = false;
  private down = false;
  private closed = false;
  private readonly firstSubscription: Promise<void>;

  constructor(backend: RedisBackend, options: RedisBusOptions = {}) {
    this.origin = options.origin ?? randomUUID();
    this.backlogLimit = options.backlogLimit ?? BACKLOG_LIMIT;
    this.channel = `${backend.prefix}bus`;
    this.publisher = new Redis(backend.url, connectionOptions(`bus-publish-${this.origin}`));
    // We subscribe on every `ready` ourselves, so we know when the subscription is live again.
    this.subscriber = new Redis(backend.url, { ...connectionOptions(`bus-subscribe-${this.origin}`), autoResubscribe: false });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on("error", (err: Error) => this.unreachable(err));
    }
    this.publisher.on("ready", () => this.flush());
    let subscribed = () => {};
    this.firstSubscription = new Promise((resolve) => (subscribed = resolve));
    let listened = false;
    this.subscriber.on("message", (channel: string, text: string) => this.receive(channel, text));
    this.subscriber.on("ready", () => {
      this.subscriber.subscribe(this.channel).then(
        () => {
          this.reachable();
          // Whatever was published while we were not listening is gone: caches start afresh.
          this.local.publish("resync", { lost: listened });
          listened = true;
          subscribed();
        },
        (err: Error) => this.unreachable(err),
      );
    });
  }

  publish<T extends Topic>(topic: T, message: BusMessages[T]): void {
    this.local.publish(topic, message);
    if (this.closed) return;
    const envelope = JSON.stringify({ o: this.origin, t: topic, m: message } satisfies Envelope);
    if (this.writable() && this.backlog.length === 0) this.send(envelope);
    else if (this.backlog.length < this.backlogLimit) this.backlog.push(envelope);
    else this.dropped = true;
  }

  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void {
    return this.local.subscribe(topic, handler);
  }

  /** Resolves once this bus hears the other instances (tests wait for it before publishing elsewhere). */
  ready(): Promise<void> {
    return this.firstSubscription;
  }

  /** Rejects unless both connections are up (`/readyz`): a PING round trip, and the subscriber's state. */
  async ping(): Promise<void> {
    // A bus just made (the first /readyz of a new instance) is still connecting: wait for it a little.
    await Promise.all([untilReady(this.publisher, "publisher"), untilReady(this.subscriber, "subscriber")]);
    await this.publisher.ping();
  }

  /** Sends what is still held if Redis answers, then closes both connections (shutdown, end of a test file). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const quit = async (connection: Redis) => {
      if (connection.status !== "ready") return connection.disconnect();
      try {
        await connection.quit();
      } catch {
        connection.disconnect();
      }
    };
    await Promise.all([quit(this.publisher), quit(this.subscriber)]);
  }

  /** ioredis says `ready` until it handles the socket's close; a socket that cannot write is not ready. */
  private writable(): boolean {
    return this.publisher.status === "ready" && this.publisher.stream?.writable === true;
  }

  private send(envelope: string): void {
    this.publisher.publish(this.channel, envelope).catch((err: Error) => {
      this.dropped = true;
      this.unreachable(err);
    });
  }

  /** The publisher is (again) connected: the backlog goes out in order, then a resync if some were lost. */
  private flush(): void {
    for (const envelope of this.backlog.splice(0)) this.send(envelope);
    if (this.dropped && !this.closed) {
      this.dropped = false;
      this.send(JSON.stringify({ o: this.origin, t: "resync", m: { lost: true } } satisfies Envelope));
    }
    if (this.subscriber.status === "ready") this.reachable();
  }

  private receive(channel: string, text: string): void {
    if (channel !== this.channel) return;
    const envelope = parseEnvelope(text);
    if (!envelope) {
      console.warn(`[bus] skipped a message on ${channel} that is not an envelope`);
      return;
    }
    if (envelope.o === this.origin) return;
    this.local.publish(envelope.t, envelope.m as BusMessages[Topic]);
  }

  private unreachable(err: Error): void {
    if (this.down || this.closed) return;
    this.down = true;
    console.error(`[bus] Redis unreachable (${err.message}); change notices wait (up to ${this.backlogLimit}) until it is back, caches resync then`);
  }

  private reachable(): void {
    if (!this.down) return;
    this.down = false;
    console.info("[bus] Redis reachable again");
  }
}
