import fs from "node:fs";
import { loadSettings } from "@/lib/config";

// Rate limits off unless a test names its own (see helpers/env.ts).
const base = { channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0, rate_limits: { enabled: false } };

/** Replaces the test's settings.json (merged over the suite's base) and reloads it. */
export function useSettings(overrides: Record<string, unknown>): void {
  fs.writeFileSync(process.env.SETTINGS_FILE!, JSON.stringify({ ...base, ...overrides }));
  loadSettings();
}
