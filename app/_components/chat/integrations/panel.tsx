"use client";

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
  const bots = useMyBots(me);
  return (
    <div className="integrations-panel text-sm">
      <p className="mb-4">
        Scripts, CI jobs and bots use the same API as this app.{" "}
        <a href="/api/docs" target="_blank" rel="noopener" className="underline">API reference</a>
      </p>
      <Section title="Personal access tokens" about="Send as “Authorization: Bearer <token>”. A read-only token can only read (GET).">
        <TokensSection />
      </Section>
      <Section title="Bots" about="Accounts for your scripts, owned by you, with their own tokens. They cannot sign in with a password.">
        <BotsSection bots={bots} />
      </Section>
      <Section title="Incoming webhooks" about="A URL that posts into a channel: paste it where Slack or Mattermost webhooks are accepted.">
        <IncomingSection bots={bots ?? []} />
      </Section>
      <Section title="Outgoing webhooks" about="The server POSTs each new message of a channel to your URL, signed with HMAC-SHA256 (X-MiniMost-Signature).">
        <OutgoingSection />
      </Section>
    </div>
  );
}
