// A session check that was already reading the database when the session ended must not put the
// session back in the cache as live: the next request with that token is refused.
import { endAllSessions, endSession, forgetAccount, mintSessionToken, userFromToken } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { newUser } from "./helpers/http";

/** Holds the next call of a Prisma model method until `release()`; answers what the real call answered. */
function holdNext(model: object, method: string) {
  const target = model as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = target[method]!.bind(model);
  let release!: () => void;
  let read!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const answered = new Promise<void>((r) => (read = r));
  const spy = jest.spyOn(target, method).mockImplementationOnce(async (...args: unknown[]) => {
    const answer = await real(...args);
    read();
    await gate; // answered from before the change, delivered after it
    return answer;
  });
  return { answered, release, restore: () => spy.mockRestore() };
}

describe("a session ended while a check of it is reading", () => {
  it("stays ended after a logout", async () => {
    await newUser("racer");
    const token = await mintSessionToken("racer");
    const held = holdNext(db().revokedSession, "findUnique");
    const inFlight = userFromToken(token); // reads "not revoked", then waits
    await held.answered;
    await endSession(token);
    held.release();
    await inFlight;
    held.restore();
    expect(await userFromToken(token)).toBeNull();
  });

  it("stays ended after signing out everywhere", async () => {
    await newUser("racer2");
    const token = await mintSessionToken("racer2");
    forgetAccount("racer2"); // the account is read afresh by the next check
    const held = holdNext(db().user, "findUnique");
    const inFlight = userFromToken(token); // reads the old session version, then waits
    await held.answered;
    await endAllSessions("racer2");
    held.release();
    await inFlight;
    held.restore();
    expect(await userFromToken(token)).toBeNull();
  });
});
