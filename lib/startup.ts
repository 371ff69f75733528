import "server-only";
import { databaseBackend } from "@/lib/backends";
import { settings } from "@/lib/config";
import { authSecret } from "@/lib/auth/secret";
import { startDeliveryWorker } from "@/lib/integrations/deliveries";
import { messageStore } from "@/lib/messages";
import { resetAllPresence } from "@/lib/presence";
import { publicChannelsReady } from "@/lib/public-channels";
import { startRetention } from "@/lib/retention";

export async function startServer(): Promise<void> {
  settings(); // a malformed settings.json stops the start here, with its message
  authSecret();
  await publicChannelsReady(); // isPublicChannel answers from this list synchronously
  const replayed = await messageStore().replayJournal();
  if (replayed > 0) console.log(`[startup] finished ${replayed} interrupted deliveries`);
  // One instance that starts knows nobody is connected to it; on a shared PostgreSQL database other
  // instances may be serving everyone, so presence is left to its own time window there.
  if (databaseBackend().kind === "sqlite") await resetAllPresence();
  startRetention();
  startDeliveryWorker();
}
