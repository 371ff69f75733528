"use client";

import { useSyncExternalStore } from "react";
import { nameColor, readableColor, type Theme } from "@/lib/client/colors";

const LIGHT = "(prefers-color-scheme: light)";

function subscribe(onChange: () => void) {
  if (typeof window.matchMedia !== "function") return () => undefined;
  const query = window.matchMedia(LIGHT);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

const current = (): Theme => (typeof window.matchMedia === "function" && window.matchMedia(LIGHT).matches ? "light" : "dark");

/** The theme on screen: the light one follows the system setting (as app/globals.css does), else dark. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, current, () => "dark");
}

/** A user's name colour as drawn in the current theme: always readable against the page. */
export function useNameColor(name: string, custom: Record<string, string> | undefined): string {
  return readableColor(nameColor(name, custom), useTheme());
}
