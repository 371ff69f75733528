import { onSessionsEnded, subscribe } from "@/lib/events";
import { withUser } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 25_000;

/**
 * `GET /events`: Server-Sent Events. Each `change` event says which channel changed and how
 * (`{"kind": "messages"|"receipts"|"reactions"|"private_channels"|"dms"|"accounts", "channel": …}`).
 * The stream ends when the account's sessions end, so it never outlives the session that opened it.
 */
export const GET = withUser(({ req, user }) => {
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribe(user, (event) => send(`event: change\ndata: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      const unlink = onSessionsEnded(user, () => stop());
      stop = () => {
        clearInterval(heartbeat);
        unsubscribe();
        unlink();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      req.signal.addEventListener("abort", () => stop());
      send("retry: 2000\n: connected\n\n");
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" },
  });
});
