/**
 * The message catalogues: one JSON file per part of the interface and per language, in ICU message
 * syntax (use-intl). English is the reference: its shape is the type every `t("…")` key is checked
 * against (see types.d.ts), and __tests__/i18n.test.ts checks French has the same keys and arguments.
 */
import enAuth from "./messages/en/auth.json";
import enBoards from "./messages/en/boards.json";
import enCommon from "./messages/en/common.json";
import enDialogs from "./messages/en/dialogs.json";
import enMessages from "./messages/en/messages.json";
import enShell from "./messages/en/shell.json";
import frAuth from "./messages/fr/auth.json";
import frBoards from "./messages/fr/boards.json";
import frCommon from "./messages/fr/common.json";
import frDialogs from "./messages/fr/dialogs.json";
import frMessages from "./messages/fr/messages.json";
import frShell from "./messages/fr/shell.json";
import type { Locale } from "./locales";

const en = { common: enCommon, shell: enShell, messages: enMessages, dialogs: enDialogs, auth: enAuth, boards: enBoards };

export type Messages = typeof en;

export const CATALOGUES: Record<Locale, Messages> = {
  en,
  fr: { common: frCommon, shell: frShell, messages: frMessages, dialogs: frDialogs, auth: frAuth, boards: frBoards } as Messages,
};

export const messagesFor = (locale: Locale): Messages => CATALOGUES[locale];
