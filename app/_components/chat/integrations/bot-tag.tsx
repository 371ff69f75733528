"use client";

import { useTranslations } from "use-intl";

/** The small tag beside a bot's name (in messages, cards and the settings panel). */
export function BotTag() {
  const t = useTranslations("dialogs.integrations.bots");
  return (
    <span className="bot-tag shrink-0 rounded border border-current px-1 text-[0.7em] leading-tight font-semibold text-mention-other" data-bot-tag="" title={t("tagTitle")}>
      {t("tag")}
    </span>
  );
}
