/**
 * The outgoing-webhook worker: POSTs the queued deliveries (OutgoingDelivery) through the SSRF-safe
 * fetcher, signed, and retries a failure (a network error or an answer other than 2xx) with backoff
 * until it gives up. Every instance runs one; a delivery is claimed before it is sent (a compare-and-set
 * on `claimedUntil`), so two instances never send it at the same time, and a claim of an instance that
 * died runs out and the delivery is taken up again.
 */
import "server-only";
import { resolveChannel } from "@/lib/channels";
import { db, nowSeconds } from "@/lib/db/client";
import { isDomainError } from "@/lib/errors";
import { singleton } from "@/lib/globals";
import { FetchRefused, safeFetch } from "@/lib/previews/safe-fetch";
import { disableOutgoing, onDeliveriesQueued } from "./outgoing";
import { signature } from "./secrets";

/** Seconds before each retry: 10 s, 1 min, 5 min, 30 min, 2 h; after the last one fails, the delivery is dropped. */
export const BACKOFF_SECONDS: readonly number[] = [10, 60, 300, 1800, 7200];
/** How long one POST may take. */
const DELIVERY_TIMEOUT_MS = 10_000;
/** How long a claim holds: well past the POST's deadline, so a live instance never loses one it works on. */
const CLAIM_SECONDS = 60;
/** Deliveries claimed per round. */
const BATCH = 20;
/** What is read of a receiver's answer (it is not used; the cap keeps a big one cheap). */
const ANSWER_CAP = 4096;
/** Kept of an error text. */
const ERROR_MAX = 500;

export interface DeliveryOptions {
  /** The clock, in seconds (tests move it instead of waiting). */
  now?: () => number;
  /** Seconds before each retry. */
  backoff?: readonly number[];
}

type Delivery = Awaited<ReturnType<typeof dueDeliveries>>[number];

const unclaimed = (now: number) => ({ OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] });

function dueDeliveries(now: number) {
  return db().outgoingDelivery.findMany({
    where: { nextAttemptAt: { lte: now }, ...unclaimed(now) },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: BATCH,
  });
}

/** Takes a delivery for this instance: succeeds for one taker only, whoever else read it as due. */
async function claim(delivery: Delivery, now: number): Promise<boolean> {
  const { count } = await db().outgoingDelivery.updateMany({
    where: { id: delivery.id, attempts: delivery.attempts, ...unclaimed(now) },
    data: { claimedUntil: now + CLAIM_SECONDS },
  });
  return count === 1;
}

const clip = (text: string) => (text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text);

async function failed(delivery: Delivery, error: string, options: Required<DeliveryOptions>): Promise<void> {
  const attempts = delivery.attempts + 1;
  const wait = options.backoff[attempts - 1];
  const message = clip(error);
  if (wait === undefined) {
    await db().outgoingDelivery.deleteMany({ where: { id: delivery.id } });
    await setLastError(delivery.webhookId, clip(`gave up on message ${delivery.messageId} after ${attempts} attempts: ${error}`));
    return;
  }
  await db().outgoingDelivery.updateMany({
    where: { id: delivery.id },
    data: { attempts, nextAttemptAt: options.now() + wait, claimedUntil: null, lastError: message },
  });
  await setLastError(delivery.webhookId, message);
}

const setLastError = (webhookId: string, lastError: string | null) =>
  db().outgoingWebhook.updateMany({ where: { id: webhookId, ...(lastError === null ? { lastError: { not: null } } : {}) }, data: { lastError } });

/** One attempt at a claimed delivery. */
async function attempt(delivery: Delivery, options: Required<DeliveryOptions>): Promise<void> {
  const webhook = await db().outgoingWebhook.findUnique({ where: { id: delivery.webhookId } });
  if (!webhook || webhook.disabledReason !== null) {
    await db().outgoingDelivery.deleteMany({ where: { id: delivery.id } }); // deleted or stopped since it was queued
    return;
  }
  try {
    await resolveChannel(webhook.owner, webhook.channel);
  } catch (err) {
    if (!isDomainError(err)) throw err;
    await disableOutgoing(webhook.id, `${webhook.owner} can no longer read ${webhook.channel}`);
    return;
  }
  const body = Buffer.from(delivery.payload, "utf8");
  try {
    const answer = await safeFetch(webhook.url, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-MiniMost-Event": "message",
        "X-MiniMost-Delivery": String(delivery.id),
        "X-MiniMost-Signature": signature(webhook.secret, body),
      },
      maxBytes: ANSWER_CAP,
      timeoutMs: DELIVERY_TIMEOUT_MS,
    });
    if (answer.status >= 200 && answer.status < 300) {
      await db().outgoingDelivery.deleteMany({ where: { id: delivery.id } });
      await setLastError(webhook.id, null);
      return;
    }
    await failed(delivery, `HTTP ${answer.status}`, options);
  } catch (err) {
    // The URL may never be fetched again (its host now resolves to a private address): stop for good.
    if (err instanceof FetchRefused && err.kind === "target") {
      await disableOutgoing(webhook.id, `url refused: ${err.message}`);
      return;
    }
    await failed(delivery, err instanceof Error ? err.message || err.name : String(err), options);
  }
}

const withDefaults = (options: DeliveryOptions): Required<DeliveryOptions> => ({
  now: options.now ?? nowSeconds,
  backoff: options.backoff ?? BACKOFF_SECONDS,
});

/** One round: claims what is due now and sends it. Answers how many deliveries it worked on. */
export async function deliverDue(options: DeliveryOptions = {}): Promise<number> {
  const full = withDefaults(options);
  const now = full.now();
  let worked = 0;
  for (;;) {
    const due = await dueDeliveries(now);
    const claimed: Delivery[] = [];
    for (const delivery of due) if (await claim(delivery, now)) claimed.push(delivery);
    await Promise.all(
      claimed.map((d) =>
        attempt(d, full).catch(async (err: unknown) => {
          console.error(`[webhooks] delivery ${d.id} failed unexpectedly`, err);
          await failed(d, "internal error", full).catch(() => undefined);
        }),
      ),
    );
    worked += claimed.length;
    if (due.length < BATCH) return worked;
  }
}

export interface WorkerOptions extends DeliveryOptions {
  /** How often the queue is looked at for retries and for deliveries other instances queued. */
  intervalMs?: number;
}

interface Worker {
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  again: boolean;
  stopped: boolean;
}

const POLL_MS = 5000;

const current = () => singleton<{ worker: Worker | null }>("outgoing-delivery-worker", () => ({ worker: null }));

/**
 * Starts this instance's worker (once): a round every `intervalMs`, and one at once whenever a send here
 * queues a delivery. The returned function stops it and waits for a round under way.
 */
export function startDeliveryWorker(options: WorkerOptions = {}): () => Promise<void> {
  const holder = current();
  if (holder.worker) return () => stopDeliveryWorker();
  const worker: Worker = { timer: null, running: null, again: false, stopped: false };
  holder.worker = worker;
  const interval = options.intervalMs ?? POLL_MS;
  const schedule = () => {
    if (worker.stopped) return;
    if (worker.timer) clearTimeout(worker.timer);
    worker.timer = setTimeout(run, interval);
    worker.timer.unref();
  };
  const run = () => {
    if (worker.stopped) return;
    if (worker.running) {
      worker.again = true; // a delivery queued during a round: one more round right after
      return;
    }
    worker.running = deliverDue(options)
      .then(() => undefined)
      .catch((err: unknown) => console.error("[webhooks] delivery round failed", err))
      .finally(() => {
        worker.running = null;
        if (worker.again) {
          worker.again = false;
          run();
        } else schedule();
      });
  };
  onDeliveriesQueued(run);
  run();
  return () => stopDeliveryWorker();
}

export async function stopDeliveryWorker(): Promise<void> {
  const holder = current();
  const worker = holder.worker;
  if (!worker) return;
  worker.stopped = true;
  holder.worker = null;
  onDeliveriesQueued(null);
  if (worker.timer) clearTimeout(worker.timer);
  await worker.running;
}
