"use client";

import { IntlProvider, type IntlError } from "use-intl";
import type { Messages } from "@/lib/i18n/catalog";
import type { Locale } from "@/lib/i18n/locales";

/**
 * Dates are drawn in the reader's own time zone, which only the browser knows: no zone is configured
 * on purpose, and use-intl's notice about it is not an error here. Anything else (a missing message)
 * is reported.
 */
function onError(error: IntlError) {
  if (error.code === "ENVIRONMENT_FALLBACK") return;
  console.error(error);
}

/** The page's language and its catalogue, for every client component below (`useTranslations`). */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: React.ReactNode }) {
  return (
    <IntlProvider locale={locale} messages={messages} onError={onError}>
      {children}
    </IntlProvider>
  );
}
