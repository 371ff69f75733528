// What the tribune remembers of a reader between requests (spec §1.6, §6.3): the BaK, and for an anonymous
// client the ids it posted (the JSON backend's `owned`). A registered user's BaK is lib/bak's, shared with the
// web chat. An anonymous client that keeps cookies gets a guest session (the `tribune_session` cookie) holding
// its own BaK and owned ids.
import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { bakLimitError, bakStateSchema, newBak, parseBak, parsedJson, runBak, runUserBak, userBak, type BakState } from "@/lib/bak/users";
import { db, nowSeconds } from "@/lib/db/client";
import { withLock } from "@/lib/locks";

export const GUEST_COOKIE = "tribune_session";
/** Owned ids kept per guest (spec §7 TRIBUNE_SESSION_MAX_OWNED_IDS). */
const MAX_OWNED = 50;
/** A guest unseen this long is forgotten. */
const GUEST_TTL_SECONDS = 14 * 24 * 3600;
const GUEST_ID = /^[A-Za-z0-9_-]{32}$/;
/** Guest sessions kept at most: clients that drop cookies make a new one per post, and the oldest go first. */
const MAX_GUESTS = 10_000;

const ownedSchema = z.array(z.number().int());

/** Who reads: a registered user, or a guest session (null until the client is given one). */
export type Reader = { user: string | null; guestId: string | null };

/** The guest session a cookie names, if well-formed (whether it still exists is the store's business). */
export function guestIdOf(cookies: ReadonlyMap<string, string>): string | null {
  const id = cookies.get(GUEST_COOKIE);
  return id && GUEST_ID.test(id) ? id : null;
}

export function guestCookie(id: string, secure: boolean): string {
  return `${GUEST_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${GUEST_TTL_SECONDS}${secure ? "; Secure" : ""}`;
}

type Guest = { bak: BakState | null; owned: number[] };

async function guest(id: string | null): Promise<Guest | null> {
  if (!id) return null;
  const row = await db().tribuneGuest.findUnique({ where: { id } });
  if (!row) return null;
  const now = nowSeconds();
  // Polling keeps a guest alive; the write happens at most once a day.
  if (now - row.seenAt > 24 * 3600) await db().tribuneGuest.update({ where: { id }, data: { seenAt: now } });
  return { bak: parsedJson(bakStateSchema, row.bak, null), owned: parsedJson(ownedSchema, row.owned, []) };
}

/** The BaK that applies to a reader's backends. */
export async function readerBak(reader: Reader): Promise<BakState | null> {
  if (reader.user) return userBak(reader.user);
  return (await guest(reader.guestId))?.bak ?? null;
}

/** The ids an anonymous reader posted (empty for registered users: their posts are theirs by login). */
export async function ownedIds(reader: Reader): Promise<ReadonlySet<number>> {
  if (reader.user) return new Set();
  return new Set((await guest(reader.guestId))?.owned ?? []);
}

let nextSweep = 0;
let created = 0;

/** Creates or updates a guest session, one change at a time per guest; answers its id (new when it had none that still exists). */
async function saveGuest(id: string | null, change: (guest: Guest) => Guest | string): Promise<string | { error: string }> {
  const now = nowSeconds();
  if (now >= nextSweep) {
    nextSweep = now + 3600;
    await db().tribuneGuest.deleteMany({ where: { seenAt: { lt: now - GUEST_TTL_SECONDS } } });
  }
  return withLock(`guest:${id ?? "new"}`, async () => {
    const current = await guest(id);
    const next = change(current ?? { bak: null, owned: [] });
    if (typeof next === "string") return { error: next };
    const data = { bak: next.bak ? JSON.stringify(next.bak) : null, owned: JSON.stringify(next.owned), seenAt: now };
    if (current && id) {
      await db().tribuneGuest.update({ where: { id }, data });
      return id;
    }
    const fresh = randomBytes(24).toString("base64url");
    await db().tribuneGuest.create({ data: { id: fresh, ...data } });
    if (++created % 100 === 0) await trimGuests();
    return fresh;
  });
}

/** Keeps the newest MAX_GUESTS guest sessions. */
async function trimGuests(): Promise<void> {
  const cutoff = await db().tribuneGuest.findMany({ orderBy: { seenAt: "desc" }, skip: MAX_GUESTS, take: 1, select: { seenAt: true } });
  if (cutoff[0]) await db().tribuneGuest.deleteMany({ where: { seenAt: { lte: cutoff[0].seenAt } } });
}

/** Notes a post of an anonymous reader; answers the guest id to set when it is new. */
export async function rememberOwned(reader: Reader, id: number): Promise<string | null> {
  if (reader.user) return null;
  const guestId = await saveGuest(reader.guestId, (g) => ({ ...g, owned: [id, ...g.owned.filter((o) => o !== id)].slice(0, MAX_OWNED) }));
  return typeof guestId !== "string" || guestId === reader.guestId ? null : guestId;
}

export type ReaderBakOutcome = { ok: true; newGuestId: string | null } | { ok: false; error: string };

/**
 * Runs a `/bak …` command for a reader (spec §6.3): parse errors come back with the reference's texts; a
 * valid command changes the reader's state; `save` and `load` do nothing for a guest, as in the reference.
 */
export async function runBakCommand(reader: Reader, content: string): Promise<ReaderBakOutcome> {
  if (reader.user) {
    const outcome = await runUserBak(reader.user, content);
    return outcome.ok ? { ok: true, newGuestId: null } : outcome;
  }
  const parsed = parseBak(content);
  if (!parsed.ok) return parsed;
  const guestId = await saveGuest(reader.guestId, (g) => {
    const state = g.bak ?? newBak();
    return bakLimitError(state, parsed.command) ?? { ...g, bak: runBak(state, parsed.command, { registered: false }).state };
  });
  if (typeof guestId !== "string") return { ok: false, error: guestId.error };
  return { ok: true, newGuestId: guestId === reader.guestId ? null : guestId };
}
