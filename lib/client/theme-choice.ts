/**
 * The theme a user chooses (light, dark, or the system's setting) and how a page gets it before its
 * first paint. Pure: imported by the root layout (server) and the client alike.
 *
 * The choice lives on the server (GET/POST /settings `theme`), which the root layout reads for a
 * signed-in reader, and in a cookie for the pages before sign-in: `<html data-theme-choice>` carries
 * the choice and `data-theme` the theme on screen, which app/globals.css keys its tokens on. "system" can only be resolved in the browser,
 * so a small script in `<head>` sets `data-theme` from prefers-color-scheme before the body is drawn
 * and keeps following it.
 */
import type { Theme } from "./colors";

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_CHOICES: readonly ThemeChoice[] = ["light", "dark", "system"];

export const THEME_COOKIE = "minimost-theme";
/** A year: the cookie only spares a flash; the server's setting is the truth and rewrites it. */
const COOKIE_MAX_AGE = 365 * 24 * 3600;
export const LIGHT_QUERY = "(prefers-color-scheme: light)";

export const isThemeChoice = (value: unknown): value is ThemeChoice => (THEME_CHOICES as readonly unknown[]).includes(value);

/** What a cookie (or any stored value) says, "system" when it says nothing usable. */
export const themeChoiceOf = (value: unknown): ThemeChoice => (isThemeChoice(value) ? value : "system");

/** The theme drawn for a choice, given whether the system asks for light. */
export const resolveTheme = (choice: ThemeChoice, systemLight: boolean): Theme =>
  choice === "system" ? (systemLight ? "light" : "dark") : choice;

/** The `document.cookie` assignment that remembers a choice in this browser for the next first paint. */
export const themeCookie = (choice: ThemeChoice): string => `${THEME_COOKIE}=${choice}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax`;

/**
 * The inline script in `<head>` that draws the right theme before the first paint: it resolves the
 * choice the root layout put on `<html>` ("system": from prefers-color-scheme) and follows the system's
 * setting live, on every page (the chat's theme.ts keeps the same attributes once React runs).
 */
export function themeScript(): string {
  return (
    `(function(){try{var d=document.documentElement;` +
    `var m=window.matchMedia?window.matchMedia(${JSON.stringify(LIGHT_QUERY)}):null;` +
    `var a=function(){var c=d.getAttribute("data-theme-choice");` +
    `d.setAttribute("data-theme",c==="light"||c==="dark"?c:m&&m.matches?"light":"dark")};` +
    `a();m&&m.addEventListener&&m.addEventListener("change",a)}catch(e){}})();`
  );
}
