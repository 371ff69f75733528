/**
 * The bus of a single instance: every message goes to this process's subscribers, synchronously, so
 * an invalidation has taken effect when `publish` returns (a logout is honoured on the next request).
 */
import type { Bus, BusMessages, Handler, Topic } from "./index";

export class InProcessBus implements Bus {
  private readonly handlers = new Map<Topic, Set<(message: never) => void>>();

  publish<T extends Topic>(topic: T, message: BusMessages[T]): void {
    const set = this.handlers.get(topic);
    if (!set) return;
    // A copy: a handler may unsubscribe itself (a stream closing) while we go through the set.
    for (const handler of [...set] as Handler<T>[]) {
      try {
        handler(message);
      } catch (err) {
        console.error(`[bus] ${topic} handler failed`, err);
      }
    }
  }

  subscribe<T extends Topic>(topic: T, handler: Handler<T>): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler as (message: never) => void);
    return () => {
      set.delete(handler as (message: never) => void);
    };
  }
}
