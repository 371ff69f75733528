import { resetSingleton } from "@/lib/globals";
import { messageStore } from "@/lib/messages";
import { nextRetentionAt, RETRY_AFTER_FAILURE_MS, startRetention } from "@/lib/retention";

const DAY_MS = 24 * 60 * 60 * 1000;

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  resetSingleton("retention-timer");
});

/** Waits (in real time: the clock below is fake) until the run that just started has scheduled the next. */
async function nextScheduled(): Promise<number> {
  const started = process.hrtime.bigint();
  while (nextRetentionAt() === null) {
    if (process.hrtime.bigint() - started > 20_000_000_000n) throw new Error("the retention run did not finish within 20 s");
    await new Promise((resolve) => setImmediate(resolve)); // not faked below
  }
  return nextRetentionAt()!;
}

describe("the retention schedule", () => {
  it("tries again 10 minutes after a failed run (a locked database), not a day later, and daily after a success", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const purge = jest.spyOn(messageStore(), "purgeBefore").mockRejectedValueOnce(new Error("database is locked"));

    startRetention();
    expect(nextRetentionAt()).toBe(Date.now() + 5000);
    await jest.advanceTimersByTimeAsync(5000);
    expect(await nextScheduled()).toBe(Date.now() + RETRY_AFTER_FAILURE_MS);
    expect(purge).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/trying again in 10 minutes/);

    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS);
    expect(await nextScheduled()).toBe(Date.now() + DAY_MS);
    expect(purge).toHaveBeenCalledTimes(2);
    expect(errors).toHaveBeenCalledTimes(1);
  });
});
