"use client";

import { useEffect } from "react";
import { useTranslations } from "use-intl";
import { onSlowDown } from "@/lib/client/api";
import type { ToastNote } from "./toast";

/**
 * Shows the "slow down" note (the server's rate limits hold requests back; they are retried, nothing is
 * lost) through the chat's toast (`say` is its setter) once per wait, while the API client waits out a
 * 429 and sends the request again (lib/client/api.ts).
 */
export function useSlowDownNotice(say: (note: ToastNote) => void): void {
  const t = useTranslations("shell.app");
  useEffect(() => onSlowDown((seconds) => say({ text: t("slowDown", { seconds }), ok: true })), [say, t]);
}
