import { resetSingleton } from "@/lib/globals";
import { messageStore } from "@/lib/messages";
import { RETRY_AFTER_FAILURE_MS, startRetention } from "@/lib/retention";

const DAY_MS = 24 * 60 * 60 * 1000;

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  resetSingleton("retention-timer");
});

const turn = () => new Promise((resolve) => setImmediate(resolve)); // not faked below

/** Lets the retention run's promises (real I/O included) finish after its timer fired. */
async function drain(count: () => number, expected: number): Promise<void> {
  for (let i = 0; i < 200 && count() < expected; i++) await turn();
  await turn();
}

describe("the retention schedule", () => {
  it("tries again 10 minutes after a failed run (a locked database), not a day later, and daily after a success", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    const errors = jest.spyOn(console, "error").mockImplementation(() => {});
    const store = messageStore();
    const purge = jest.spyOn(store, "purgeBefore").mockRejectedValueOnce(new Error("database is locked"));

    startRetention();
    expect(purge).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(5000);
    await drain(() => errors.mock.calls.length, 1);
    expect(purge).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]?.[0])).toMatch(/trying again in 10 minutes/);

    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS - 1000);
    expect(purge).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    await drain(() => purge.mock.results.filter((r) => r.type === "return").length, 2);
    expect(purge).toHaveBeenCalledTimes(2);

    // The second run succeeded: the next one is a day away.
    await jest.advanceTimersByTimeAsync(RETRY_AFTER_FAILURE_MS * 2);
    expect(purge).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(DAY_MS);
    await drain(() => purge.mock.calls.length, 3);
    expect(purge).toHaveBeenCalledTimes(3);
  });
});
