/**
 * The interface's languages (issue 16): English and French. Pure: imported by the root layout, the
 * settings route and the client alike.
 *
 * A signed-in reader's language is their account's setting (GET/POST /settings `language`), or, when
 * they have not chosen, their browser's (Accept-Language); before sign-in, a cookie written whenever a
 * choice is applied keeps the sign-in pages in the language the chat was in.
 */
export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The languages' own names, as the language setting lists them. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", fr: "Français" };

export const LANGUAGE_COOKIE = "minimost-lang";
/** A year: the server's setting is the truth for a signed-in reader. */
const COOKIE_MAX_AGE = 365 * 24 * 3600;

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** The `document.cookie` assignment that remembers a language in this browser ("" forgets it). */
export const languageCookie = (locale: Locale | null): string =>
  locale ? `${LANGUAGE_COOKIE}=${locale}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax` : `${LANGUAGE_COOKIE}=; path=/; max-age=0; samesite=lax`;
