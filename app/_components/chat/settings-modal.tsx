"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import type { ThemeChoice } from "@/lib/client/theme-choice";
import { IntegrationsPanel } from "./integrations/panel";
import { LanguageSetting } from "./language-setting";
import { Modal } from "./modal";
import { savePreferences, usePreferences } from "./preferences";
import { chooseTheme, useThemeChoice } from "./theme";

type Tab = "general" | "integrations";
const TABS: Tab[] = ["general", "integrations"];

const THEMES: ThemeChoice[] = ["light", "dark", "system"];

/** The theme, kept on the server for the account (it follows the user to another browser). */
function ThemeSetting() {
  const t = useTranslations("dialogs.settings.theme");
  const choice = useThemeChoice();
  const [problem, setProblem] = useState<string | null>(null);
  const pick = (next: ThemeChoice) => {
    setProblem(null);
    chooseTheme(next).catch(() => setProblem(t("failed")));
  };
  return (
    <fieldset className="mb-4 text-sm">
      <legend>{t("legend")}</legend>
      {THEMES.map((value) => (
        <label key={value} className="mr-4 inline-block">
          <input type="radio" name="theme" value={value} checked={choice === value} onChange={() => pick(value)} /> {t(value)}
        </label>
      ))}
      {problem ? <span role="alert" className="block text-xs text-danger">{problem}</span> : null}
    </fieldset>
  );
}

/**
 * The client's own settings: the theme (kept for the account), then text size, Enter, sounds and
 * desktop notifications (kept in this browser).
 */
function GeneralSettings({ onHelp }: { onHelp?: () => void }) {
  const t = useTranslations("dialogs.settings");
  const prefs = usePreferences();
  const blocked = typeof Notification !== "undefined" && Notification.permission === "denied";
  return (
    <>
      <ThemeSetting />
      <LanguageSetting />
      <label className="mb-4 block text-sm">
        {t("fontSize", { size: prefs.fontSize })}
        <input type="range" min={11} max={22} value={prefs.fontSize} onChange={(e) => savePreferences({ fontSize: Number(e.target.value) })} className="mt-1 block w-full" />
      </label>
      <fieldset className="mb-4 text-sm">
        <legend>{t("enterKey")}</legend>
        <label className="mr-4"><input type="radio" checked={prefs.enterSends} onChange={() => savePreferences({ enterSends: true })} /> {t("enterSends")}</label>
        <label><input type="radio" checked={!prefs.enterSends} onChange={() => savePreferences({ enterSends: false })} /> {t("enterNewline")}</label>
      </fieldset>
      <label className="mb-2 block text-sm">
        <input type="checkbox" checked={prefs.sounds} onChange={(e) => savePreferences({ sounds: e.target.checked })} /> {t("sounds")}
      </label>
      <label className="block text-sm">
        <input type="checkbox" checked={prefs.notifications && !blocked} disabled={blocked} onChange={(e) => savePreferences({ notifications: e.target.checked })} /> {t("native")}
        {blocked ? <span className="block text-xs text-muted">{t("blocked")}</span> : null}
      </label>
      {onHelp ? <button type="button" className="mt-4 text-sm underline" onClick={onHelp}>{t("help")}</button> : null}
    </>
  );
}

/**
 * Settings: this browser's preferences, and the account's integrations (tokens, bots, webhooks),
 * which need the wider dialog. `me` is the reader (to pick out their bots).
 */
export function SettingsModal({ onClose, onHelp, me }: { onClose: () => void; onHelp?: () => void; me?: string }) {
  const t = useTranslations("dialogs.settings");
  const [tab, setTab] = useState<Tab>("general");
  const pick = (next: Tab) => {
    setTab(next);
    document.getElementById(`settings-tab-${next}`)?.focus();
  };
  return (
    <Modal title={t("title")} onClose={onClose} wide={tab === "integrations"}>
      <div
        role="tablist"
        aria-label={t("sections")}
        className="mb-4 flex gap-1 border-b border-border text-sm"
        onKeyDown={(e) => {
          // Arrow keys move between tabs, as a tab list's keyboard pattern has them do.
          if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
          e.preventDefault();
          const at = TABS.indexOf(tab);
          pick(TABS[(at + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length]!);
        }}
      >
        {TABS.map((id) => (
          <button
            key={id}
            id={`settings-tab-${id}`}
            type="button"
            role="tab"
            aria-selected={tab === id}
            aria-controls={`settings-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            className={`-mb-px border-b-2 px-3 py-1 ${tab === id ? "border-accent font-semibold" : "border-transparent text-muted hover:text-fg"}`}
          >
            {t(`tabs.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`settings-panel-${tab}`} aria-labelledby={`settings-tab-${tab}`}>
        {tab === "general" ? <GeneralSettings onHelp={onHelp} /> : <IntegrationsPanel me={me} />}
      </div>
    </Modal>
  );
}
