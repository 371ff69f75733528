/**
 * Server start-up: finish deliveries a previous process left half-done, and mark everyone offline
 * (nobody is connected to a server that just started).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}
