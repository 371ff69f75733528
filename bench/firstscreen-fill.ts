/**
 * The old history of the first-screen benchmark's channel (bench/firstscreen.mjs), written straight into
 * a stopped server's data folder through the message store: ids from the store's own sequence (so the
 * server's later sends continue after them), 500 rows per delivery, every member's copy and the channel's
 * archive written before this exits. Run with the server stopped (it keeps files open) and the server's
 * DATA_DIR, UPLOAD_DIR and SETTINGS_FILE in the environment:
 *
 *   node --import tsx --conditions=react-server bench/firstscreen-fill.ts <plan.json>
 *
 * The plan is `{ channel, readBy: [usernames], messages: [{ sender, content, ts }] }`, oldest first; the
 * rows get consecutive ids in that order. Prints `{ first, count, seconds }` as one line of JSON.
 */
import fs from "node:fs";

interface Plan {
  channel: string;
  readBy: string[];
  messages: { sender: string; content: string; ts: number }[];
}

const BATCH = 500;

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node --import tsx --conditions=react-server bench/firstscreen-fill.ts <plan.json>");
  const plan = JSON.parse(fs.readFileSync(file, "utf8")) as Plan;
  const { messageStore, newRow } = await import("@/lib/messages");
  const store = messageStore();
  const started = performance.now();
  const first = await store.allocateIds(plan.messages.length);
  const rows = plan.messages.map((m, i) => newRow({ id: first + i, channel: plan.channel, sender: m.sender, content: m.content, ts: m.ts }));
  for (let start = 0; start < rows.length; start += BATCH) {
    await store.deliverNow({
      channel: plan.channel,
      audience: { kind: "public", channel: plan.channel },
      ops: [{ op: "insert", rows: rows.slice(start, start + BATCH) }],
      readBy: plan.readBy,
    });
  }
  await store.settled();
  await store.close();
  console.log(JSON.stringify({ first, count: rows.length, seconds: (performance.now() - started) / 1000 }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
