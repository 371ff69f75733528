import fs from "node:fs";
import { loadSettings } from "@/lib/config";

const base = { channels: ["general", "software", "off-topic"], login_failure_delay_seconds: 0 };

/** Replaces the test's settings.json (merged over the suite's base) and reloads it. */
export function useSettings(overrides: Record<string, unknown>): void {
  fs.writeFileSync(process.env.SETTINGS_FILE!, JSON.stringify({ ...base, ...overrides }));
  loadSettings();
}
