import "server-only";
import { settings } from "@/lib/config";
import { authSecret } from "@/lib/auth/secret";
import { messageStore } from "@/lib/messages";
import { resetAllPresence } from "@/lib/presence";
import { startRetention } from "@/lib/retention";

export async function startServer(): Promise<void> {
  settings(); // a malformed settings.json stops the start here, with its message
  authSecret();
  const replayed = await messageStore().replayJournal();
  if (replayed > 0) console.log(`[startup] finished ${replayed} interrupted deliveries`);
  await resetAllPresence();
  startRetention();
}
