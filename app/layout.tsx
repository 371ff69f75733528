import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import { THEME_COOKIE, themeChoiceOf, themeScript, type ThemeChoice } from "@/lib/client/theme-choice";
import { pageTheme, pageUser } from "@/lib/http/page-session";
import { messagesFor } from "@/lib/i18n/catalog";
import { pageLocale } from "@/lib/http/page-locale";
import { I18nProvider } from "./_components/i18n-provider";
import { ServiceWorker } from "./_components/service-worker";
import "./globals.css";

export const metadata: Metadata = {
  title: "MiniMost",
  description: "Team chat",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f6f7" },
    { media: "(prefers-color-scheme: dark)", color: "#1e1e1e" },
  ],
};

/**
 * The reader's theme choice: the account's setting when someone is signed in (it follows them from
 * browser to browser), else this browser's cookie (written whenever a choice is applied, so the sign-in
 * pages look as the chat did).
 */
async function initialThemeChoice(): Promise<ThemeChoice> {
  const fromCookie = themeChoiceOf((await cookies()).get(THEME_COOKIE)?.value);
  const user = await pageUser().catch(() => null);
  if (!user) return fromCookie;
  return (await pageTheme(user)) ?? fromCookie;
}

/**
 * The theme is on `<html>` in the first bytes: the choice, the light or dark theme itself when the
 * choice names one, and for "system" the inline script in `<head>` resolves it before the body is
 * drawn. The attributes change in the browser afterwards (the script, theme.ts): React is told not to mind.
 */
export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const [choice, locale] = await Promise.all([initialThemeChoice(), pageLocale()]);
  return (
    <html lang={locale} data-theme-choice={choice} data-theme={choice === "system" ? undefined : choice} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript() }} />
      </head>
      <body className="min-h-dvh font-sans antialiased">
        <I18nProvider locale={locale} messages={messagesFor(locale)}>
          {children}
        </I18nProvider>
        <ServiceWorker />
      </body>
    </html>
  );
}
