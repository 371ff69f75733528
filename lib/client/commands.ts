/**
 * The slash commands as people see them: names, usage and one line of help. Shared by the server (which
 * carries them out, lib/chat/commands.ts, and lists them for /help) and the composer (which suggests
 * them as `/` is typed), so the two lists cannot drift apart; it imports nothing, so it lives with the
 * browser-side helpers, which the server may import and the browser may not leave.
 */

export interface CommandInfo {
  name: string;
  usage: string;
  help: string;
  /** Whether it posts a message (the others answer the sender alone). */
  posts: boolean;
}

/** Stored exactly like this: our formatter has no escapes and its underline needs `__`, so the single underscores survive as typed. */
export const SHRUG = "¯\\_(ツ)_/¯";

export const COMMAND_LIST: readonly CommandInfo[] = [
  { name: "me", usage: "/me <text>", help: "Post an action, shown in italics next to your name", posts: true },
  { name: "shrug", usage: "/shrug [text]", help: `Post your text followed by ${SHRUG}`, posts: true },
  { name: "online", usage: "/online", help: "Show yourself as online", posts: false },
  { name: "away", usage: "/away", help: "Show yourself as away", posts: false },
  { name: "dnd", usage: "/dnd", help: "Do not disturb: no sounds or notifications until you set another status", posts: false },
  { name: "offline", usage: "/offline", help: "Show yourself as offline", posts: false },
  { name: "mute", usage: "/mute [channel]", help: "Mute this channel (or the one named): no sounds or notifications for it", posts: false },
  { name: "unmute", usage: "/unmute [channel]", help: "Unmute this channel (or the one named)", posts: false },
  { name: "help", usage: "/help", help: "List the commands", posts: false },
  { name: "bak", usage: "/bak <option> …", help: "Filter what you see in public channels (the tribune's BaK)", posts: false },
];

/** Shown by /help after the commands. */
export const LITERAL_HELP = "//text — Post /text as it is";

/** The tribune's commands the web chat posts as typed: they only mean something to a coincoin client. */
export const TRIBUNE_TEXT_COMMANDS: ReadonlySet<string> = new Set(["name", "nick", "lastfm"]);

const COMMAND_WORD = /^\/([a-z][a-z0-9_-]*)(?=\s|$)/;

/** The command word a text starts with (`me` for "/me waves"), or null for ordinary text (`//x`, `/usr/bin`). */
export function commandWord(text: string): string | null {
  return COMMAND_WORD.exec(text.trimStart())?.[1] ?? null;
}

export function helpText(): string {
  return ["Commands:", ...COMMAND_LIST.map((c) => `${c.usage} — ${c.help}`), LITERAL_HELP].join("\n");
}
