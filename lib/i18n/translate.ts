/** Translators outside React's client tree: server components (through lib/http/page-locale) and tests. */
import { createTranslator } from "use-intl/core";
import { messagesFor, type Messages } from "./catalog";
import type { Locale } from "./locales";

/** A translator for one part of the catalogue in a known language: `translatorFor("fr", "boards")("title")`. */
export function translatorFor<N extends keyof Messages>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: messagesFor(locale), namespace });
}
