"use client";

import { useEffect } from "react";
import { onSlowDown } from "@/lib/client/api";
import type { ToastNote } from "./toast";

/** The note shown when the server's rate limits hold requests back (they are retried, nothing is lost). */
export const slowDownText = (seconds: number) => `Slow down: retrying in ${seconds} s`;

/**
 * Shows the "slow down" note through the chat's toast (`say` is its setter) once per wait, while the
 * API client waits out a 429 and sends the request again (lib/client/api.ts).
 */
export function useSlowDownNotice(say: (note: ToastNote) => void): void {
  useEffect(() => onSlowDown((seconds) => say({ text: slowDownText(seconds), ok: true })), [say]);
}
