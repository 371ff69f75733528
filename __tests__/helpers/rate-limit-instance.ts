// A second instance for rate-limit.test.ts: its own process on the same Redis (REDIS_URL, REDIS_PREFIX) and
// settings file, admitting requests exactly as the route wrapper does (lib/http/rate-limit.ts's admit, with
// the process's own limiter and its own Redis connection). One JSON command per line on stdin, one JSON line
// on stdout. Run with tsx --conditions=react-server.
import readline from "node:readline";
import { closeBus } from "../../lib/events";
import { admit, rateLimiter } from "../../lib/http/rate-limit";
import type { RequestHead } from "../../lib/http/route";

type Command = { op: "admit"; user: string; count: number } | { op: "flush" } | { op: "exit" };

const head: RequestHead = {
  method: "GET",
  target: "/channels",
  header: () => null,
  get request(): Request {
    throw new Error("not read");
  },
};

/** The statuses `count` requests of `user` would get here: 200 admitted, else the refusal's status. */
function admitMany(user: string, count: number): number[] {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    try {
      admit(head, { username: user, tokenId: null, readOnly: false });
      statuses.push(200);
    } catch (err) {
      statuses.push((err as { status?: number }).status ?? 500);
    }
  }
  return statuses;
}

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case "admit":
      return admitMany(command.user, command.count);
    case "flush":
      return rateLimiter().flush();
    case "exit":
      await rateLimiter().close();
      return closeBus();
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const command = JSON.parse(line) as Command;
  run(command).then(
    (value) => process.stdout.write(JSON.stringify({ ok: true, value: value ?? null }) + "\n"),
    (err: unknown) => process.stdout.write(JSON.stringify({ ok: false, error: String(err) }) + "\n"),
  );
  if (command.op === "exit") lines.close();
});
