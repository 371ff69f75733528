"use client";

import { useEffect } from "react";

/** Registers /sw.js on every page (spec §5.9). Failure only costs installability and notification clicks. */
export function ServiceWorker() {
  useEffect(() => {
    if ("serviceWorker" in navigator) void navigator.serviceWorker.register("/sw.js").catch(() => undefined);
  }, []);
  return null;
}
