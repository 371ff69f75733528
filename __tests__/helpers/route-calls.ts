// Read-only route calls answered as a signed-in user, in this process or (run with tsx) in a child process
// whose environment names other engines: the migrate-data test asks the same questions of the SQLite
// install and of its copy on PostgreSQL + S3 and compares the answers. Child mode: a JSON list of calls
// on stdin, the engines it stood on and a JSON list of answers on stdout.
import { GET as avatarRoute } from "@/app/(chat)/avatar/[username]/route";
import { GET as unreadsRoute } from "@/app/(chat)/channel_unreads/route";
import { GET as dmsRoute } from "@/app/(chat)/dms/route";
import { GET as fileRoute } from "@/app/(chat)/files/[name]/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { GET as privateChannelsRoute } from "@/app/(chat)/private_channels/route";
import { GET as receiptsRoute } from "@/app/(chat)/read_receipts/[channel]/route";
import { GET as searchRoute } from "@/app/(chat)/search_messages/route";
import { GET as settingsRoute } from "@/app/(chat)/settings/route";
import { mintSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { databaseBackend, s3Backend } from "@/lib/backends";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES = {
  avatar: avatarRoute,
  channel_unreads: unreadsRoute,
  dms: dmsRoute,
  files: fileRoute,
  messages: messagesRoute,
  private_channels: privateChannelsRoute,
  read_receipts: receiptsRoute,
  search_messages: searchRoute,
  settings: settingsRoute,
} satisfies Record<string, Handler>;

export interface RouteCall {
  route: keyof typeof ROUTES;
  user: string;
  path: string;
  params?: Record<string, string>;
}

export interface RouteAnswer {
  status: number;
  contentType: string | null;
  /** Text bodies as they are, anything else as base64. */
  body: string;
}

export async function answerCalls(calls: readonly RouteCall[]): Promise<RouteAnswer[]> {
  const out: RouteAnswer[] = [];
  for (const c of calls) {
    const cookie = `${SESSION_COOKIE}=${await mintSessionToken(c.user)}`;
    const res = await (ROUTES[c.route] as Handler)(new Request(`http://localhost:3000${c.path}`, { headers: { cookie } }), {
      params: Promise.resolve(c.params ?? {}),
    });
    const contentType = res.headers.get("content-type");
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = /^(text\/|application\/json)/.test(contentType ?? "");
    out.push({ status: res.status, contentType, body: text ? bytes.toString("utf8") : bytes.toString("base64") });
  }
  return out;
}

async function childMain(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const calls = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RouteCall[];
  // Which engines answered, so the caller can tell this process really stood on the ones it named.
  const engines = { database: databaseBackend().kind, uploads: s3Backend() ? "s3" : "files" };
  process.stdout.write(JSON.stringify({ engines, answers: await answerCalls(calls) }));
}

if (typeof require !== "undefined" && require.main === module) {
  childMain().then(
    () => process.exit(0), // open pools (PostgreSQL, S3) would keep the child alive
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
