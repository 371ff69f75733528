"use client";

import { useTranslations } from "use-intl";
import { useMyBots } from "../data/integrations";
import { BotsSection } from "./bots";
import { Section } from "./shared";
import { TokensSection } from "./tokens";
import { IncomingSection, OutgoingSection } from "./webhooks";

/**
 * Settings → Integrations: personal access tokens, bots, incoming and outgoing webhooks, and the API
 * reference. `me` (the reader) picks their bots out of every bot on the server.
 */
export function IntegrationsPanel({ me }: { me?: string }) {
  const t = useTranslations("dialogs.integrations");
  const bots = useMyBots(me);
  return (
    <div className="integrations-panel text-sm">
      <p className="mb-4">
        {t("intro")}{" "}
        <a href="/api/docs" target="_blank" rel="noopener" className="underline">{t("apiReference")}</a>
      </p>
      <Section id="personal-access-tokens" title={t("sections.tokens.title")} about={t("sections.tokens.about", { placeholder: "<token>" })}>
        <TokensSection />
      </Section>
      <Section id="bots" title={t("sections.bots.title")} about={t("sections.bots.about")}>
        <BotsSection bots={bots} />
      </Section>
      <Section id="incoming-webhooks" title={t("sections.incoming.title")} about={t("sections.incoming.about")}>
        <IncomingSection bots={bots ?? []} />
      </Section>
      <Section id="outgoing-webhooks" title={t("sections.outgoing.title")} about={t("sections.outgoing.about")}>
        <OutgoingSection />
      </Section>
    </div>
  );
}
