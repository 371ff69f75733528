/**
 * @testing-library/react with the app's providers around every render: the English catalogue (the
 * layout's I18nProvider) and an app router (what `useRouter` gives a mounted page), whose calls a test
 * can read from `testRouter`. Component tests import from here instead of the library itself.
 */
import { render as rtlRender, type RenderOptions } from "@testing-library/react";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import type { ReactElement, ReactNode } from "react";
import { I18nProvider } from "@/app/_components/i18n-provider";
import { messagesFor } from "@/lib/i18n/catalog";
import type { Locale } from "@/lib/i18n/locales";

export * from "@testing-library/react";

export const testRouter = {
  bfcacheId: "test",
  back: jest.fn(),
  forward: jest.fn(),
  prefetch: jest.fn(),
  push: jest.fn(),
  refresh: jest.fn(),
  replace: jest.fn(),
} satisfies AppRouterInstance;

export function render(ui: ReactElement, options: RenderOptions & { locale?: Locale } = {}) {
  const { locale = "en", wrapper: Inner, ...rest } = options;
  function Providers({ children }: { children: ReactNode }) {
    return (
      <AppRouterContext.Provider value={testRouter}>
        <I18nProvider locale={locale} messages={messagesFor(locale)}>
          {Inner ? <Inner>{children}</Inner> : children}
        </I18nProvider>
      </AppRouterContext.Provider>
    );
  }
  return rtlRender(ui, { wrapper: Providers, ...rest });
}
