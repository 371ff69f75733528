/**
 * Accounts: signup, login with lockout, password change and the admin reset flow, with the
 * reference's rules and exact messages (spec §3).
 */
import "server-only";
import crypto from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { settings } from "@/lib/config";
import { db, isUniqueViolation, nowSeconds } from "@/lib/db/client";
import { dmId, publicChannelIds, publicChannelsReady, SYSTEM_SENDER } from "@/lib/channels";
import {
  discardAccountView,
  giveNewcomerHistory,
  hasAccountView,
  openAccountView,
  postSystemNotice,
  removeAccountMessages,
  repairAccountView,
} from "@/lib/messaging";
import { tombstonePostsOf } from "@/lib/boards";
import { DELETED_USER } from "@/lib/client/constants";
import { endStreams, publish } from "@/lib/events";
import { membershipsChanged } from "@/lib/memberships";
import { conflict, forbidden, invalid, notFound, unauthorized } from "@/lib/errors";
import { removeAvatarFile } from "@/lib/uploads/avatars";
import { setPresence } from "@/lib/presence";
import { canonicalUsername, invalidateDirectory } from "@/lib/users";
import { burnVerification, hashPassword, verifyPassword } from "./password";
import { MESSAGES, PASSWORD_MAX, passwordProblem, signupProblem } from "./rules";
import { endAllSessions, forgetAccount } from "./session";
import { clearAccountAttempts, clearAttempts, reserveAttempt, throttleKey } from "./throttle";

export const welcomeText = (username: string) => `Welcome to MiniMost, ${username}! \u{1F44B} Say hello \u{1F44B}`;

export const lockoutMessage = (minutes: number) =>
  `Account locked due to too many failed login attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;

export const resetNoticeText = (minutes: number) =>
  `A password reset has been requested for your account. The reset link will expire in ${minutes} minute${minutes === 1 ? "" : "s"}. If you did not request this, please contact your administrators.`;

/** One account creation per username at a time in this process; the database's unique key covers the rest. */
const signupsInFlight = new Set<string>();

/** A stored password hash no password verifies against (bots sign in with their tokens only). */
export const UNUSABLE_PASSWORD_HASH = "!no-password";

export interface NewAccount {
  username: string;
  /** Computed only once the name is known to be free (hashing is slow on purpose). */
  passwordHash: () => Promise<string>;
  botOwner?: string | null;
  displayName?: string | null;
}

/**
 * What every new account gets, person or bot: the account row, its message file and the public
 * channels' history. The username must already have passed the rules. Returns the row's creation time.
 */
export async function createAccount(input: NewAccount): Promise<number> {
  const { username } = input;
  const key = username.toLowerCase();
  if (signupsInFlight.has(key) || (await canonicalUsername(username))) throw conflict(MESSAGES.userExists);
  signupsInFlight.add(key);
  try {
    if (await db().user.findUnique({ where: { usernameKey: key }, select: { username: true } })) {
      throw conflict(MESSAGES.userExists);
    }
    const passwordHash = await input.passwordHash();
    // The file exists before the account does, so no delivery can find the user without a file.
    await openAccountView(username);
    const createdAt = nowSeconds();
    try {
      await db().user.create({
        data: {
          username,
          usernameKey: key,
          accountId: crypto.randomUUID(),
          passwordHash,
          createdAt,
          botOwner: input.botOwner ?? null,
          displayName: input.displayName ?? null,
          settings: { create: {} },
        },
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(MESSAGES.userExists);
      throw err;
    }
    // The first account is the boards' admin (never a bot: a bot has an owner, who came first). One
    // statement, after the insert: of two signups at once, exactly the earlier-created one becomes admin,
    // whichever of them gets here first.
    if (!input.botOwner) {
      await db().$executeRaw`
        UPDATE "User" SET "isAdmin" = true
        WHERE "username" = ${username}
          AND "username" = (SELECT "username" FROM "User" ORDER BY "createdAt", "username" LIMIT 1)`;
    }
    invalidateDirectory();
    await publicChannelsReady();
    await giveNewcomerHistory(username, publicChannelIds()); // created channels' history too (issue 16)
    return createdAt;
  } finally {
    signupsInFlight.delete(key);
  }
}

/**
 * Creates the account, its message file and public history, posts the welcome message and sets the
 * user active. Returns the canonical username.
 */
export async function signup(input: { username: string; password: string; confirm: string }): Promise<string> {
  const username = input.username.trim();
  const problem = signupProblem(username, input.password, input.confirm);
  if (problem) throw invalid(problem);
  await createAccount({ username, passwordHash: () => hashPassword(input.password) });
  const home = settings().channels[0];
  // The welcome reaches everyone; like any send it is durable once journaled and archived, and each
  // copy follows in the background (readers catch up first), so the thousand-and-first signup costs
  // what a send costs.
  await postSystemNotice(home, welcomeText(username), { kind: "public", channel: home }, { readBy: true });
  await setPresence(username, "active");
  return username;
}

async function failSlowly(message: string): Promise<never> {
  const delay = settings().login_failure_delay_seconds;
  if (delay > 0) await sleep(delay * 1000);
  throw unauthorized(message);
}

/**
 * Checks credentials; returns the canonical username or throws `unauthorized` after the failure delay.
 * `address` is where the request comes from (see ./address): failures count per name and address.
 * A name nobody registered takes the same path, with the same answers, delay and lockout.
 */
export async function login(input: { username: string; password: string; address: string }): Promise<string> {
  const typed = input.username.trim();
  const { password } = input;
  if ([...password].length > PASSWORD_MAX) return failSlowly(MESSAGES.invalidCredentials);
  const { max_login_attempts: maxAttempts, lockout_duration_minutes: lockoutMinutes } = settings();
  const lockoutEnabled = maxAttempts > 0;
  const lockoutSeconds = lockoutMinutes * 60;
  const account = throttleKey(typed);
  let lastSlot = false;
  if (lockoutEnabled) {
    const slot = await reserveAttempt(account, input.address, maxAttempts, lockoutSeconds);
    if (!slot.allowed) return failSlowly(lockoutMessage(Math.max(1, Math.ceil(slot.secondsLeft / 60))));
    lastSlot = slot.last;
  }
  const user = typed
    ? await db().user.findUnique({ where: { usernameKey: typed.toLowerCase() }, select: { username: true, passwordHash: true, botOwner: true } })
    : null;
  let verified = false;
  // A bot has no password; it is refused exactly like a wrong password, after the same work.
  if (user && user.botOwner === null) verified = await verifyPassword(password, user.passwordHash);
  else await burnVerification(password);
  if (!user || !verified) {
    return failSlowly(lastSlot ? lockoutMessage(Math.max(1, Math.floor(lockoutSeconds / 60))) : MESSAGES.invalidCredentials);
  }
  if (lockoutEnabled) await clearAttempts(account, input.address);
  await publicChannelsReady();
  await repairAccountView(user.username, publicChannelIds());
  await setPresence(user.username, "active");
  return user.username;
}

/** Changes the password and ends every other session; returns nothing, the caller mints a new one. */
export async function changePassword(
  username: string,
  input: { current: string; password: string; confirm: string },
): Promise<void> {
  const user = await db().user.findUnique({ where: { username }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(input.current, user.passwordHash))) throw invalid(MESSAGES.currentPasswordWrong);
  const problem = passwordProblem(input.password, input.confirm);
  if (problem) throw invalid(problem);
  await db().user.update({ where: { username }, data: { passwordHash: await hashPassword(input.password) } });
  await endAllSessions(username);
}

const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/**
 * The admin's reset: stores a single-use token (only its hash is kept) and tells the user in their
 * system DM. Returns the canonical username and the token for the link.
 */
export async function createResetToken(typed: string, minutes = 60): Promise<{ username: string; token: string }> {
  const user = await db().user.findUnique({ where: { usernameKey: typed.trim().toLowerCase() }, select: { username: true } });
  if (!user) throw notFound(`user '${typed}' does not exist`, "json");
  const token = crypto.randomBytes(32).toString("base64url");
  await db().passwordResetToken.create({
    data: { tokenHash: tokenHash(token), username: user.username, expiresAt: nowSeconds() + minutes * 60 },
  });
  if (await hasAccountView(user.username)) {
    const channel = dmId([SYSTEM_SENDER, user.username]);
    await postSystemNotice(channel, resetNoticeText(minutes), { kind: "users", users: [user.username] }, { waitForCopies: true });
  }
  return { username: user.username, token };
}

/** The account a reset link may still be used for, or null. */
export async function resetTokenUser(token: string): Promise<string | null> {
  if (!token || token.length > 200) return null;
  const row = await db().passwordResetToken.findUnique({ where: { tokenHash: tokenHash(token) } });
  if (!row || row.used || row.expiresAt <= nowSeconds()) return null;
  return row.username;
}

/** Sets a new password through a reset link; ends every session and lifts any lockout. */
export async function resetPassword(token: string, input: { password: string; confirm: string }): Promise<string> {
  const username = await resetTokenUser(token);
  if (!username) throw invalid("invalid-token");
  const problem = passwordProblem(input.password, input.confirm);
  if (problem) throw invalid(problem);
  const passwordHash = await hashPassword(input.password);
  // Marking the token used is the gate: of two racing submissions only one changes the password.
  const claimed = await db().passwordResetToken.updateMany({
    where: { tokenHash: tokenHash(token), used: false },
    data: { used: true },
  });
  if (claimed.count !== 1) throw invalid("invalid-token");
  await db().user.update({ where: { username }, data: { passwordHash } });
  await clearAccountAttempts(throttleKey(username));
  await endAllSessions(username);
  return username;
}

export { DELETED_USER };

/** The DM channels with receipts or typing rows that `username` took part in. */
async function dmChannelsOf(username: string): Promise<string[]> {
  // The filters narrow the scan; the exact test is on the split ids (LIKE ignores case and treats `_` loosely).
  const where = {
    OR: [{ channel: { startsWith: `dm:${username}:` } }, { channel: { contains: `:${username}:` } }, { channel: { endsWith: `:${username}` } }],
  };
  const [receipts, typing] = await Promise.all([
    db().readReceipt.findMany({ where, distinct: ["channel"], select: { channel: true } }),
    db().typing.findMany({ where, distinct: ["channel"], select: { channel: true } }),
  ]);
  const channels = new Set([...receipts, ...typing].map((r) => r.channel));
  return [...channels].filter((channel) => channel.startsWith("dm:") && channel.slice(3).split(":").includes(username));
}

/**
 * `POST /delete_account`: soft keeps the account's messages under "Deleted User", hard removes them
 * from every file. Either way the account, its sessions, presence, receipts, reactions and
 * memberships are gone and the name is free again; so are its bots, access tokens and webhooks.
 */
export async function deleteAccount(username: string, input: { type: "soft" | "hard"; password: string | null }): Promise<void> {
  const user = await db().user.findUnique({ where: { username }, select: { passwordHash: true, botOwner: true } });
  if (!user || user.botOwner !== null || input.password === null || !(await verifyPassword(input.password, user.passwordHash))) {
    throw forbidden("Incorrect password.", "json");
  }
  await removeAccount(username, input.type);
}

/**
 * Removes an account without asking for its password: account deletion after the check, and a bot
 * deleted by its owner. A person's bots go first, the same way.
 */
export async function removeAccount(username: string, type: "soft" | "hard"): Promise<void> {
  const user = await db().user.findUnique({ where: { username }, select: { settings: { select: { avatarFile: true } } } });
  if (!user) throw notFound("user not found");
  const bots = await db().user.findMany({ where: { botOwner: username }, select: { username: true } });
  for (const bot of bots) await removeAccount(bot.username, type);
  // Journaled first: once this returns the rewrite of every file is certain, even across a crash.
  await removeAccountMessages(username, type === "soft" ? { kind: "soft", keptAs: DELETED_USER } : { kind: "hard" });
  // The boards follow: a hard delete leaves tombstones (before the row goes and the authors become null).
  if (type === "hard") await tombstonePostsOf(username);
  const dms = await dmChannelsOf(username);
  const outgoing = await db().outgoingWebhook.findMany({ where: { owner: username }, select: { id: true } });
  await db().$transaction([
    db().readReceipt.deleteMany({ where: { reader: username } }),
    // Whoever registers the name next must find no trace of these conversations (issue 9, point 10).
    db().readReceipt.deleteMany({ where: { channel: { in: dms } } }),
    db().typing.deleteMany({ where: { channel: { in: dms } } }),
    db().reaction.deleteMany({ where: { reactor: username } }),
    // The tribune's URL archive follows the messages: kept under "Deleted User", or gone with them.
    type === "soft"
      ? db().tribuneUrl.updateMany({ where: { author: username }, data: { author: DELETED_USER } })
      : db().tribuneUrl.deleteMany({ where: { author: username } }),
    // Tokens it made for others (its bots' are gone with them already) and the webhooks it owns or posts as.
    db().accessToken.deleteMany({ where: { createdBy: username } }),
    db().incomingWebhook.deleteMany({ where: { OR: [{ owner: username }, { sender: username }] } }),
    db().outgoingDelivery.deleteMany({ where: { webhookId: { in: outgoing.map((hook) => hook.id) } } }),
    db().outgoingWebhook.deleteMany({ where: { owner: username } }),
    // Public channels it joined or left (issue 16): whoever takes the name next starts with the defaults.
    db().publicChannelMember.deleteMany({ where: { username } }),
    db().user.delete({ where: { username } }), // presence, typing, settings, tokens, memberships and BaK cascade
  ]);
  forgetAccount(username); // every instance drops its sessions and access tokens at once
  endStreams(username);
  membershipsChanged([username]);
  invalidateDirectory();
  // Open pages reload what they hold: senders were renamed, or messages removed outright.
  publish("all", { kind: "accounts" });
  if (type === "hard") await discardAccountView(username);
  await removeAvatarFile(user.settings?.avatarFile);
}

/** Signs the account out everywhere: every session ends, on every device (a stolen cookie dies with it). */
export async function logout(username: string): Promise<void> {
  await endAllSessions(username);
}
