"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { useTranslations } from "use-intl";
import { getJson, postJson } from "@/lib/client/api";
import { languageCookie, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

/** "browser": the account follows the browser's language (stored as null). */
type Choice = Locale | "browser";

/** The cookie the sign-in pages read (the account's setting is the truth once signed in). */
function rememberInThisBrowser(locale: Locale | null): void {
  document.cookie = languageCookie(locale);
}

/**
 * The interface language, kept for the account (it follows the user to another browser) and in a
 * cookie for the sign-in pages. A choice is saved, then the page's server components are drawn again
 * in the new language (the chat's state stays as it is).
 */
export function LanguageSetting() {
  const t = useTranslations("common.language");
  const router = useRouter();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [, startTransition] = useTransition();

  useEffect(() => {
    let live = true;
    void getJson<{ language: Locale | null }>("/settings")
      .then((s) => live && setChoice(s.language ?? "browser"))
      .catch(() => live && setChoice(null));
    return () => {
      live = false;
    };
  }, []);

  const pick = async (next: Choice) => {
    const previous = choice;
    setProblem(null);
    setChoice(next);
    try {
      await postJson("/settings", { language: next === "browser" ? null : next });
    } catch {
      setChoice(previous);
      setProblem(t("failed"));
      return;
    }
    rememberInThisBrowser(next === "browser" ? null : next);
    startTransition(() => router.refresh());
  };

  return (
    <fieldset className="mb-4 text-sm">
      <legend>{t("legend")}</legend>
      {(["browser", ...LOCALES] as Choice[]).map((value) => (
        <label key={value} className="mr-4 inline-block" lang={value === "browser" ? undefined : value}>
          <input type="radio" name="language" value={value} checked={choice === value} disabled={choice === null} onChange={() => void pick(value)} />{" "}
          {value === "browser" ? t("browser") : LOCALE_NAMES[value]}
        </label>
      ))}
      {problem ? (
        <span role="alert" className="block text-xs text-danger">
          {problem}
        </span>
      ) : null}
    </fieldset>
  );
}
