// A second app instance for cross-instance tests: its own process on the same data folder, database and
// Redis (the environment it inherits), doing what a request to it would do through the real domain code.
// Reads one JSON command per line on stdin and answers one JSON line on stdout: {ok, value} or {ok:false, error}.
// Run with tsx --conditions=react-server (relative imports: no path aliases needed).
import readline from "node:readline";
import { endAllSessions } from "../../lib/auth/session";
import { signup } from "../../lib/auth/accounts";
import { runUserBak } from "../../lib/bak/users";
import { createChannel, setArchived } from "../../lib/chat/channel-admin";
import { addPrivateChannelMember, leavePrivateChannel } from "../../lib/chat/private-channels";
import { disconnectDb } from "../../lib/db/client";
import { bus, closeBus } from "../../lib/events";
import { RedisBus } from "../../lib/events/redis";
import { messageStore } from "../../lib/messages";
import { sendAnonymous } from "../../lib/messaging/write";
import { linkPreview } from "../../lib/previews/link";

type Command =
  | { op: "ready" }
  | { op: "endAllSessions"; user: string }
  | { op: "signup"; user: string; password: string }
  | { op: "leave"; user: string; id: number }
  | { op: "add"; user: string; id: number; member: string }
  | { op: "bak"; user: string; command: string }
  | { op: "post"; channel: string; agent: string; text: string }
  | { op: "preview"; url: string }
  | { op: "createChannel"; user: string; name: string }
  | { op: "archive"; user: string; channel: string }
  | { op: "exit" };

async function run(command: Command): Promise<unknown> {
  switch (command.op) {
    case "ready": {
      const current = bus();
      if (current instanceof RedisBus) await current.ready();
      return current instanceof RedisBus ? current.origin : null;
    }
    case "endAllSessions":
      return endAllSessions(command.user);
    case "signup":
      return signup({ username: command.user, password: command.password, confirm: command.password });
    case "leave":
      return leavePrivateChannel(command.user, command.id);
    case "add":
      return addPrivateChannelMember(command.user, command.id, { username: command.member });
    case "bak":
      return runUserBak(command.user, command.command);
    case "post": {
      const sent = await sendAnonymous(command.channel, command.agent, command.text);
      await messageStore().settled();
      return sent;
    }
    case "preview":
      return linkPreview(command.url);
    case "createChannel":
      return createChannel(command.user, { name: command.name });
    case "archive":
      return setArchived(command.user, command.channel, true);
    case "exit":
      await messageStore().settled();
      await messageStore().close();
      await closeBus();
      await disconnectDb();
      return null;
  }
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  const command = JSON.parse(line) as Command;
  try {
    const value = await run(command);
    process.stdout.write(JSON.stringify({ ok: true, value: value ?? null }) + "\n");
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, error: String((err as Error).stack ?? err) }) + "\n");
  }
  if (command.op === "exit") lines.close();
});
