// A minimal Server-Sent Events client for the delivery benchmark: fetch + the body's reader, parsing
// `event:`/`data:` blocks itself and stamping each event with performance.now() on arrival.
import { performance } from "node:perf_hooks";

export class SseClient {
  constructor(base, token) {
    this.url = new URL("/events", base);
    if (this.url.hostname !== "127.0.0.1") throw new Error(`refusing ${this.url.hostname}`);
    this.token = token;
    this.waiters = [];
    this.controller = new AbortController();
    this.buffer = "";
    this.closed = false;
  }

  /** Connects and resolves once the server's `: connected` comment has arrived. */
  async open() {
    const res = await fetch(this.url, {
      headers: { Authorization: `Bearer ${this.token}`, Accept: "text/event-stream" },
      signal: this.controller.signal,
    });
    if (res.status !== 200) throw new Error(`/events answered ${res.status}`);
    const reader = res.body.getReader();
    let connected;
    const ready = new Promise((r) => (connected = r));
    const decoder = new TextDecoder();
    (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const at = performance.now();
          this.buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = this.buffer.indexOf("\n\n")) >= 0) {
            const block = this.buffer.slice(0, cut);
            this.buffer = this.buffer.slice(cut + 2);
            if (block.includes(": connected")) connected();
            this.dispatch(block, at);
          }
        }
      } catch {
        // aborted on close
      } finally {
        this.closed = true;
        connected();
      }
    })();
    await ready;
  }

  dispatch(block, at) {
    let event = "message";
    const data = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    let payload;
    try {
      payload = JSON.parse(data.join("\n"));
    } catch {
      payload = data.join("\n");
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.match(event, payload)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        clearTimeout(waiter.timer);
        waiter.resolve(at);
      }
    }
  }

  /** Resolves with the arrival time of the next matching event (from now on), or null after timeoutMs. */
  next(match, timeoutMs) {
    return new Promise((resolve) => {
      const waiter = { match, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(null);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close() {
    this.controller.abort();
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(null);
    }
  }
}
