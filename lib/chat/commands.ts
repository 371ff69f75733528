/**
 * Slash commands typed in the composer or sent to `POST /send/<channel>` (issue 15): a text that starts
 * with a command word (`/name` followed by a space or the end) is carried out for the sender instead of
 * being posted as typed. Some post a text of their own (`/me`, `/shrug`); the rest post nothing and answer
 * the sender alone (an ephemeral notice, never stored). An unknown command is refused, not posted.
 * `//text` posts `/text`; a slash inside the word (`/usr/bin/env`) is ordinary text.
 *
 * The tribune's commands keep their own paths: `/bak` is carried out by lib/chat/messages.ts (the
 * sender's filters), and `/name`, `/nick` and `/lastfm`, which only mean something to a coincoin
 * client, are posted as typed from the web chat, as they always were.
 */
import "server-only";
import { resolveChannel, type Channel } from "@/lib/channels";
import { invalid, isDomainError } from "@/lib/errors";
import { DND, setOverride, type StoredOverride } from "@/lib/presence";
import { setMuted } from "./preferences";

/** What a composer text comes to: a text to post (as typed or made by a command), or a notice for the sender. */
export type Composed = { kind: "post"; text: string } | { kind: "ephemeral"; text: string };

const COMMAND_WORD = /^\/([a-z][a-z0-9_-]*)(?=\s|$)/;

/** The tribune's commands the web chat posts as typed (`/bak` with attachments included: without, it is carried out before). */
const TRIBUNE_TEXT = new Set(["name", "nick", "lastfm", "bak"]);

/**
 * Stored exactly like this: our formatter has no escapes, and its underline needs `__`, so the single
 * underscores survive as typed (a backslash added to protect them would be shown).
 */
export const SHRUG = "¯\\_(ツ)_/¯";

interface CommandContext {
  user: string;
  channel: Channel;
  /** The words after the command, trimmed. */
  args: string;
}

interface Command {
  usage: string;
  help: string;
  /** Whether it posts a message (and so may carry attachments). */
  posts: boolean;
  run(ctx: CommandContext): Promise<Composed>;
}

const presence = (override: StoredOverride, notice: string): Pick<Command, "posts" | "run"> => ({
  posts: false,
  async run({ user }) {
    await setOverride(user, override);
    return { kind: "ephemeral", text: notice };
  },
});

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

const mute = (muted: boolean): Pick<Command, "posts" | "run"> => ({
  posts: false,
  async run(ctx) {
    const target = await targetChannel(ctx);
    await setMuted(ctx.user, target, muted);
    const shown = target.kind === "public" ? `#${target.id}` : target.id === ctx.channel.id ? "This conversation" : target.id;
    return {
      kind: "ephemeral",
      text: muted ? `${shown} is muted: no sounds or notifications for it. /unmute to undo.` : `${shown} is no longer muted.`,
    };
  },
});

export const COMMANDS: Record<string, Command> = {
  me: {
    usage: "/me <text>",
    help: "Post an action, shown in italics (\"/me waves\" shows as *waves* next to your name)",
    posts: true,
    // Stored as `*text*`, the italic markup of the original's formatter, rather than as "/me text" or with a
    // message type of our own: the original's clients and the tribune's coincoins show content as it is,
    // and `*waves*` beside the sender's name reads as an action everywhere, italic where markup is shown.
    // `*` inside the text cannot be escaped (the formatter has no escapes); such an action shows as typed.
    async run({ args }) {
      if (!args) throw invalid("usage: /me <text>");
      return { kind: "post", text: `*${args}*` };
    },
  },
  shrug: {
    usage: "/shrug [text]",
    help: `Post your text followed by ${SHRUG}`,
    posts: true,
    async run({ args }) {
      return { kind: "post", text: args ? `${args} ${SHRUG}` : SHRUG };
    },
  },
  online: { usage: "/online", help: "Show yourself as online", ...presence("active", "You are shown as online.") },
  away: { usage: "/away", help: "Show yourself as away", ...presence("idle", "You are shown as away.") },
  dnd: {
    usage: "/dnd",
    help: "Do not disturb: no sounds or notifications until you set another status",
    ...presence(DND, "Do not disturb: no sounds or notifications until you set another status (/online, /away)."),
  },
  offline: { usage: "/offline", help: "Show yourself as offline", ...presence("offline", "You are shown as offline.") },
  mute: { usage: "/mute [channel]", help: "Mute this channel (or the one named): no sounds or notifications for it", ...mute(true) },
  unmute: { usage: "/unmute [channel]", help: "Unmute this channel (or the one named)", ...mute(false) },
  help: {
    usage: "/help",
    help: "List the commands",
    posts: false,
    async run() {
      return { kind: "ephemeral", text: helpText() };
    },
  },
};

/** The tribune's commands as /help shows them (carried out elsewhere, see the module's comment). */
const TRIBUNE_HELP = [
  "/bak <option> … — Filter what you see in public channels (the tribune's BaK)",
  "//text — Post /text as it is",
];

export function helpText(): string {
  const lines = Object.values(COMMANDS).map((c) => `${c.usage} — ${c.help}`);
  return ["Commands:", ...lines, ...TRIBUNE_HELP].join("\n");
}

/** The command word a text starts with (`me` for "/me waves"), or null for ordinary text. */
export function commandWord(text: string): string | null {
  return COMMAND_WORD.exec(text.trimStart())?.[1] ?? null;
}

/**
 * Carries out a composer text that is a command, or says how to post it. `hasFiles`: attachments come
 * with it, which only a command that posts can carry. Refusals are 400s and change nothing.
 */
export async function compose(user: string, channel: Channel, raw: string, hasFiles: boolean): Promise<Composed> {
  const text = raw.trimStart();
  if (text.startsWith("//")) return { kind: "post", text: text.slice(1) };
  const name = commandWord(text);
  if (name === null || TRIBUNE_TEXT.has(name)) return { kind: "post", text: raw };
  // Own keys only: `/constructor` is no command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw invalid(`unknown command /${name} — /help lists the commands`);
  if (hasFiles && !command.posts) throw invalid(`/${name} takes no attachments`);
  return command.run({ user, channel, args: text.slice(name.length + 1).trim() });
}
