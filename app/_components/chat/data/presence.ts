"use client";

import { useEffect } from "react";
import { postJson } from "@/lib/client/api";
import { KEYS } from "./keys";
import { usePolled } from "./polled";

/** Everyone's presence (`{user: state}`), every second. */
export const usePresence = () => usePolled<Record<string, string>>(KEYS.online, 1000);

/** Presence as the reference reports it: active on input, idle after 5 minutes, hidden/offline with the page. */
export function usePresenceReporting() {
  useEffect(() => {
    let current = "";
    let lastActivity = Date.now();
    const send = (state: string) => {
      if (state === current) return;
      current = state;
      void postJson("/presence", { state }).catch(() => undefined);
    };
    const beacon = (state: string) => {
      current = state;
      navigator.sendBeacon?.("/presence", new Blob([JSON.stringify({ state })], { type: "application/json" }));
    };
    const active = () => {
      lastActivity = Date.now();
      if (!document.hidden) send("active");
    };
    send(document.hidden ? "hidden" : "active");
    const idleCheck = setInterval(() => {
      if (!document.hidden && Date.now() - lastActivity > 300_000) send("idle");
    }, 5000);
    const heartbeat = setInterval(() => {
      if (current && current !== "offline") void postJson("/presence", { state: current }).catch(() => undefined);
    }, 30_000);
    const visibility = () => (document.hidden ? beacon("hidden") : active());
    const hide = () => beacon("offline");
    for (const event of ["mousemove", "keydown", "mousedown", "touchstart"]) window.addEventListener(event, active, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    window.addEventListener("pagehide", hide);
    return () => {
      clearInterval(idleCheck);
      clearInterval(heartbeat);
      for (const event of ["mousemove", "keydown", "mousedown", "touchstart"]) window.removeEventListener(event, active);
      document.removeEventListener("visibilitychange", visibility);
      window.removeEventListener("pagehide", hide);
    };
  }, []);
}
