/**
 * Waits until `check` passes (throws nothing), trying again every 10 ms for at most `ms`; then throws its
 * last failure. For what crosses between instances: a notice on a shared bus arrives a little after the
 * write that sent it.
 */
export async function eventually(check: () => unknown, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
