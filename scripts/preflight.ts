// Checks what must be right before the server starts, so a mistake stops the start with a clear message.
import { ConfigError, loadSettings, paths } from "../lib/config";

try {
  const settings = loadSettings();
  const { dataDir, uploadDir } = paths();
  console.log(`[preflight] settings ok (${settings.channels.length} channels); data in ${dataDir}, uploads in ${uploadDir}`);
} catch (err) {
  console.error(err instanceof ConfigError ? `[preflight] ${err.message}` : err);
  process.exit(1);
}
