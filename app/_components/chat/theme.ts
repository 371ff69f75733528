"use client";

import { useLayoutEffect, useSyncExternalStore } from "react";
import { postJson } from "@/lib/client/api";
import { nameColor, readableColor, type Theme } from "@/lib/client/colors";
import { LIGHT_QUERY, resolveTheme, THEME_COOKIE, themeChoiceOf, themeCookie, type ThemeChoice } from "@/lib/client/theme-choice";

/*
 * The theme on screen. `<html data-theme-choice>` holds the user's choice (the root layout writes it
 * from the account's setting, or before sign-in from a cookie), `<html data-theme>` the theme
 * drawn, which app/globals.css keys its tokens on. Everything here keeps the two attributes, the
 * cookie and React in step, and follows prefers-color-scheme live while the choice is "system".
 */

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

const systemQuery = (): MediaQueryList | null => (typeof window !== "undefined" && typeof window.matchMedia === "function" ? window.matchMedia(LIGHT_QUERY) : null);

const currentChoice = (): ThemeChoice => themeChoiceOf(document.documentElement.getAttribute("data-theme-choice"));
const currentTheme = (): Theme => resolveTheme(currentChoice(), systemQuery()?.matches ?? false);

/** Puts the drawn theme on `<html>` for the current choice and system setting. */
function draw(): void {
  const theme = currentTheme();
  if (document.documentElement.getAttribute("data-theme") !== theme) document.documentElement.setAttribute("data-theme", theme);
}

/** The media listener, shared by every subscriber: added with the first, removed with the last. */
let following: { query: MediaQueryList; onSystem: () => void } | null = null;

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const query = systemQuery();
  if (!following && query) {
    const onSystem = () => {
      draw();
      notify();
    };
    query.addEventListener("change", onSystem);
    following = { query, onSystem };
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0 && following) {
      following.query.removeEventListener("change", following.onSystem);
      following = null;
    }
  };
}

/** Applies a choice in this browser at once: `<html>`, the cookie for the next first paint, subscribers. */
export function applyThemeChoice(choice: ThemeChoice): void {
  document.documentElement.setAttribute("data-theme-choice", choice);
  document.cookie = themeCookie(choice);
  draw();
  notify();
}

/**
 * The user picks a theme: it shows at once and is stored on the server (so it follows them to
 * another browser). If the server refuses, the previous choice comes back and the error is thrown.
 */
export async function chooseTheme(choice: ThemeChoice): Promise<void> {
  const previous = currentChoice();
  applyThemeChoice(choice);
  try {
    await postJson("/settings", { theme: choice });
  } catch (err) {
    applyThemeChoice(previous);
    throw err;
  }
}

/** The user's choice: light, dark or system. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribe, currentChoice, () => "system");
}

/** The theme on screen: the chosen one, or the system's while the choice is "system". */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, currentTheme, () => "dark");
}

/**
 * The server's setting, as the chat page had it: a full page load arrived drawn in it (the root
 * layout read it), but arriving from the sign-in page (a client-side navigation) the layout drew the
 * cookie's, so it is applied here before the chat is painted. This browser's cookie is brought in
 * line either way, for the sign-in pages' next first paint.
 */
export function useServerTheme(choice: ThemeChoice | undefined): void {
  useLayoutEffect(() => {
    if (!choice) return;
    if (choice !== currentChoice()) applyThemeChoice(choice);
    else if (!document.cookie.split("; ").includes(`${THEME_COOKIE}=${choice}`)) document.cookie = themeCookie(choice);
  }, [choice]);
}

/** A user's name colour as drawn in the current theme: always readable against the page. */
export function useNameColor(name: string, custom: Record<string, string> | undefined): string {
  return readableColor(nameColor(name, custom), useTheme());
}
