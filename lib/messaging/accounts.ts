/**
 * The message side of an account's life, across every store: its view when it is created (or found
 * missing at login), public history for a newcomer, and its messages when it is deleted.
 */
import "server-only";
import { messageStore } from "@/lib/messages";
import { forgetThreadAccount } from "./threads";
import { removeAccountActions } from "./actions";

/** A fresh, empty view for a new account; whatever an earlier account of the same name left goes first. */
export async function openAccountView(username: string): Promise<void> {
  const store = messageStore();
  await store.removeUser(username); // a soft-deleted account of the same name may have left one
  await store.addUser(username);
}

/** Copies the public channels' history into a newcomer's view, marked read (port decision 5). */
export function giveNewcomerHistory(username: string, channels: readonly string[]): Promise<number> {
  return messageStore().copyPublicHistory(username, channels);
}

/** Rebuilds a view lost from disk (at login): created empty, then given public history. */
export async function repairAccountView(username: string, channels: readonly string[]): Promise<void> {
  const store = messageStore();
  if (await store.hasUser(username)) return;
  await store.addUser(username);
  await store.copyPublicHistory(username, channels);
}

/** Whether the account has a view to deliver to (a notice to it would otherwise go nowhere). */
export function hasAccountView(username: string): Promise<boolean> {
  return messageStore().hasUser(username);
}

/**
 * Deleting an account, message side, step one: every copy everywhere is rewritten, the account's
 * messages re-attributed to `keptAs` (soft) or removed (hard). Journaled: once this resolves the
 * rewrite is certain, even across a crash; it resolves once no delivery is pending.
 */
export async function removeAccountMessages(username: string, removal: { kind: "soft"; keptAs: string } | { kind: "hard" }): Promise<void> {
  const op =
    removal.kind === "soft"
      ? ({ op: "rename-sender", from: username, to: removal.keptAs, at: Date.now() / 1000 } as const)
      : ({ op: "purge-sender", sender: username } as const);
  await messageStore().submit({ channel: "*", audience: { kind: "everyone" }, ops: [op] });
  // Every copy still on its way lands now, while the name is taken: one that landed after a newcomer of
  // the same name had signed up would be written into the newcomer's view (a DM sent just before).
  await messageStore().settled();
  // Saves go; pins made and earlier texts follow the messages (kept under keptAs, or removed).
  await removeAccountActions(username, removal);
  await forgetThreadAccount(username, removal); // its follows go; its replies are re-attributed or leave their threads
}

/** Step two of a hard deletion, once the account is gone: its own view goes too. */
export function discardAccountView(username: string): Promise<void> {
  return messageStore().removeUser(username);
}
