import type { Instrumentation } from "next";

/**
 * Server start-up: finish deliveries a previous process left half-done, and mark everyone offline
 * (nobody is connected to a server that just started).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The tribune and the hot reads answer on Node's own objects (header casing, no framework per poll)...
  const { serveBeforeNext } = await import("./lib/http/node");
  const { isTribuneRequest, serveTribune } = await import("./lib/http/tribune");
  const { configuredFastPath } = await import("./lib/http/fast-path");
  const hot = configuredFastPath((await import("./app/_fast-path")).HOT_ROUTES);
  serveBeforeNext([{ matches: isTribuneRequest, serve: serveTribune }, ...(hot ? [hot] : [])]);
  // ...installed first, so this one runs before it. Failed sign-ins count per client address: it must be
  // the socket's, not a header anyone can send.
  (await import("./lib/auth/address")).keepPeerAddresses();
  const { startServer } = await import("./lib/startup");
  await startServer();
}

/** Errors Next.js caught while rendering or routing: logged with the request they broke and the stack. */
export const onRequestError: Instrumentation.onRequestError = (error, request, context) => {
  console.error(`[request] ${request.method} ${request.path} failed (${context.routeType} ${context.routePath})`, error);
};
