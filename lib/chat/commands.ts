/**
 * Slash commands typed in the composer or sent to `POST /send/<channel>` (issue 15): a text that starts
 * with a command word (`/name` followed by a space or the end) is carried out for the sender instead of
 * being posted as typed. Some post a text of their own (`/me`, `/shrug`); the rest post nothing and answer
 * the sender alone (an ephemeral notice, never stored). An unknown command is refused, not posted.
 * `//text` posts `/text`; a slash inside the word (`/usr/bin/env`) is ordinary text. Names, usage and
 * help live in lib/client/commands.ts, shared with the composer.
 *
 * The tribune's commands keep their own paths: `/bak` is carried out by lib/chat/messages.ts (the
 * sender's filters), and `/name`, `/nick` and `/lastfm`, which only mean something to a coincoin
 * client, are posted as typed from the web chat, as they always were.
 */
import "server-only";
import { resolveChannel, type Channel } from "@/lib/channels";
import { invalid, isDomainError } from "@/lib/errors";
import { DND, setOverride, type StoredOverride } from "@/lib/presence";
import { COMMAND_LIST, commandWord, helpText, SHRUG, TRIBUNE_TEXT_COMMANDS } from "@/lib/client/commands";
import { setMuted } from "./preferences";

export { COMMAND_LIST, SHRUG };

/** What a composer text comes to: a text to post (as typed or made by a command), or a notice for the sender. */
export type Composed = { kind: "post"; text: string } | { kind: "ephemeral"; text: string };

interface CommandContext {
  user: string;
  channel: Channel;
  /** The words after the command, trimmed. */
  args: string;
}

type Run = (ctx: CommandContext) => Promise<Composed>;

const presence =
  (override: StoredOverride, notice: string): Run =>
  async ({ user }) => {
    await setOverride(user, override);
    return { kind: "ephemeral", text: notice };
  };

/** `/mute [channel]`: the named channel (`general`, `#general`, a private or DM id) or the one typed in. */
async function targetChannel({ user, channel, args }: CommandContext): Promise<Channel> {
  if (!args) return channel;
  try {
    return await resolveChannel(user, args.replace(/^#/, ""), { write: true });
  } catch (err) {
    if (isDomainError(err)) throw invalid(`no channel "${args}" that you can see`);
    throw err;
  }
}

const mute =
  (muted: boolean): Run =>
  async (ctx) => {
    const target = await targetChannel(ctx);
    await setMuted(ctx.user, target, muted);
    const shown = target.kind === "public" ? `#${target.id}` : target.id === ctx.channel.id ? "This conversation" : target.id;
    return {
      kind: "ephemeral",
      text: muted ? `${shown} is muted: no sounds or notifications for it. /unmute to undo.` : `${shown} is no longer muted.`,
    };
  };

/** What each command of COMMAND_LIST does (`bak` is carried out before commands are looked at). */
const RUN = new Map<string, Run>([
  [
    "me",
    // Stored as `*text*`, the italic markup of the original's formatter, rather than as "/me text" or with a
    // message type of our own: the original's clients and the tribune's coincoins show content as it is,
    // and `*waves*` beside the sender's name reads as an action everywhere, italic where markup is shown.
    // A `*` inside the text cannot be escaped (the formatter has no escapes): such an action shows as typed.
    async ({ args }) => {
      if (!args) throw invalid("usage: /me <text>");
      return { kind: "post", text: `*${args}*` };
    },
  ],
  ["shrug", async ({ args }) => ({ kind: "post", text: args ? `${args} ${SHRUG}` : SHRUG })],
  ["online", presence("active", "You are shown as online.")],
  ["away", presence("idle", "You are shown as away.")],
  ["dnd", presence(DND, "Do not disturb: no sounds or notifications until you set another status (/online, /away).")],
  ["offline", presence("offline", "You are shown as offline.")],
  ["mute", mute(true)],
  ["unmute", mute(false)],
  ["help", async () => ({ kind: "ephemeral", text: helpText() })],
]);

const POSTS = new Set(COMMAND_LIST.filter((c) => c.posts).map((c) => c.name));

/**
 * Carries out a composer text that is a command, or says how to post it. `hasFiles`: attachments come
 * with it, which only a command that posts can carry. Refusals are 400s and change nothing.
 */
export async function compose(user: string, channel: Channel, raw: string, hasFiles: boolean): Promise<Composed> {
  const text = raw.trimStart();
  if (text.startsWith("//")) return { kind: "post", text: text.slice(1) };
  const name = commandWord(text);
  // `/bak` gets here only with attachments, and was always posted as typed then.
  if (name === null || TRIBUNE_TEXT_COMMANDS.has(name) || name === "bak") return { kind: "post", text: raw };
  const run = RUN.get(name);
  if (!run) throw invalid(`unknown command /${name} — /help lists the commands`);
  if (hasFiles && !POSTS.has(name)) throw invalid(`/${name} takes no attachments`);
  return run({ user, channel, args: text.slice(name.length + 1).trim() });
}
