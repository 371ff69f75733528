/**
 * Bot accounts (issue 15): a user row with an owner and no usable password. A bot is made like any
 * account (its message file and the public history), signs in only with its access tokens, and goes
 * with its owner.
 */
import "server-only";
import { nameProblem } from "@/lib/text";
import { z } from "zod";
import { createAccount, removeAccount, UNUSABLE_PASSWORD_HASH } from "@/lib/auth/accounts";
import { MESSAGES, protectedUsernameMessage, RESERVED_USERNAMES, USERNAME_PATTERN } from "@/lib/auth/rules";
import { db } from "@/lib/db/client";
import { forbidden, invalid, notFound } from "@/lib/errors";
import { publish } from "@/lib/events";

export interface BotInfo {
  username: string;
  display_name: string | null;
  owner: string;
  created: number;
}

/** Display names are at most this many characters. */
export const DISPLAY_NAME_MAX = 64;

const botSelect = { username: true, displayName: true, botOwner: true, createdAt: true } as const;

function info(row: { username: string; displayName: string | null; botOwner: string | null; createdAt: number }): BotInfo {
  return { username: row.username, display_name: row.displayName, owner: row.botOwner ?? "", created: row.createdAt };
}

/** A display name as stored: trimmed, blank means none. */
function displayNameOf(input: string | null | undefined): string | null {
  const name = input?.trim() ?? "";
  if (!name) return null;
  if ([...name].length > DISPLAY_NAME_MAX) throw invalid(`display_name must be at most ${DISPLAY_NAME_MAX} characters`);
  // Control and bidi characters would let a name pass for something else in a list.
  const problem = nameProblem(name);
  if (problem) throw invalid(`display_name ${problem}`);
  return name;
}

/**
 * Creates a bot owned by `owner` (a person: bots do not make bots). The username follows the rules
 * of people's and must be free among them (409 otherwise).
 */
export async function createBot(owner: string, input: { username: string; displayName?: string | null }): Promise<BotInfo> {
  const username = input.username.trim();
  if (!username) throw invalid(MESSAGES.missingFields);
  if (RESERVED_USERNAMES.has(username.toLowerCase())) throw invalid(protectedUsernameMessage(username));
  if (!USERNAME_PATTERN.test(username)) throw invalid(MESSAGES.badUsername);
  const displayName = displayNameOf(input.displayName);
  const ownerRow = await db().user.findUnique({ where: { username: owner }, select: { botOwner: true } });
  if (!ownerRow) throw notFound("user not found");
  if (ownerRow.botOwner !== null) throw forbidden("bots cannot create bots", "json");
  const created = await createAccount({
    username,
    passwordHash: () => Promise.resolve(UNUSABLE_PASSWORD_HASH),
    botOwner: owner,
    displayName,
  });
  // An owner deleted meanwhile may have listed its bots before this one existed: it goes too.
  if (!(await db().user.findUnique({ where: { username: owner }, select: { username: true } }))) {
    await removeAccount(username, "hard");
    throw notFound("user not found");
  }
  publish("all", { kind: "accounts" }); // clients refresh their list of bots
  return { username, display_name: displayName, owner, created };
}

export async function isBot(username: string): Promise<boolean> {
  return (await botOwnerOf(username)) !== null;
}

/** The owner of a bot, or null for a person or an unknown name. */
export async function botOwnerOf(username: string): Promise<string | null> {
  const row = await db().user.findUnique({ where: { username }, select: { botOwner: true } });
  return row?.botOwner ?? null;
}

/** Every bot on the server, oldest first. */
export async function listBots(): Promise<BotInfo[]> {
  const rows = await db().user.findMany({ where: { botOwner: { not: null } }, select: botSelect, orderBy: [{ createdAt: "asc" }, { username: "asc" }] });
  return rows.map(info);
}

export async function getBot(username: string): Promise<BotInfo | null> {
  const row = await db().user.findUnique({ where: { username }, select: botSelect });
  return row && row.botOwner !== null ? info(row) : null;
}

/** The bot, if `user` owns it: unknown (or a person) → 404, someone else's → 403. */
export async function ownedBot(user: string, username: string): Promise<BotInfo> {
  const bot = await getBot(username);
  if (!bot) throw notFound("bot not found", "json");
  if (bot.owner !== user) throw forbidden("not your bot", "json");
  return bot;
}

export async function updateBot(user: string, username: string, input: { displayName: string | null }): Promise<BotInfo> {
  const bot = await ownedBot(user, username);
  const displayName = displayNameOf(input.displayName);
  await db().user.update({ where: { username: bot.username }, data: { displayName } });
  publish("all", { kind: "accounts" });
  return { ...bot, display_name: displayName };
}

/** Deletes the bot as account deletion does; its messages stay, shown as a deleted user's. */
export async function deleteBot(user: string, username: string): Promise<void> {
  const bot = await ownedBot(user, username);
  await removeAccount(bot.username, "soft");
}

/** `POST /bots`. */
export const newBotBody = z.object({
  username: z.string({ error: MESSAGES.missingFields }),
  display_name: z.string({ error: "display_name must be a string" }).nullable().optional(),
});

/** `PATCH /bots/<username>`. */
export const botPatchBody = z.object({
  display_name: z.string({ error: "display_name must be a string or null" }).nullable(),
});

export const botInfoSchema = z.object({ username: z.string(), display_name: z.string().nullable(), owner: z.string(), created: z.number() });

/** The `<username>` of `/bots/<username>`. */
export const botParam = z.object({ username: z.string().max(64) });
