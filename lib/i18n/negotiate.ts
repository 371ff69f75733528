/** The browser's preferred language among ours, from its Accept-Language header. */
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./locales";

export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const [best] = new Negotiator({ headers: { "accept-language": header } }).languages([...LOCALES]);
  return (best as Locale | undefined) ?? DEFAULT_LOCALE;
}
