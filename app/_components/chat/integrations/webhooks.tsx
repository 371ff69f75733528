"use client";

import { useState } from "react";
import {
  useIncomingWebhooks,
  useIntegrationActions,
  useOutgoingWebhooks,
  type Bot,
  type NewIncomingWebhook,
  type NewOutgoingWebhook,
} from "../data/integrations";
import { ChannelSelect, ConfirmAction, Facts, FormError, ShownOnce, channelLabel, failureText, inputClass, primaryButton, usePostableChannels, when } from "./shared";

type Channels = ReturnType<typeof usePostableChannels>;

function IncomingForm({ channels, bots }: { channels: Channels; bots: Bot[] }) {
  const { createIncomingWebhook } = useIntegrationActions();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [sender, setSender] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewIncomingWebhook | null>(null);
  if (made) return <ShownOnce label={`Webhook URL for \u201c${made.name}\u201d`} value={made.url} onDone={() => setMade(null)} />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Give the webhook a name.");
    if (!channel) return setError("Choose the channel it posts in.");
    setBusy(true);
    setError(null);
    try {
      setMade(await createIncomingWebhook(sender ? { name: name.trim(), channel, sender } : { name: name.trim(), channel }));
      setName("");
      setSender("");
    } catch (err) {
      setError(failureText(err, "Could not create the webhook."));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label="Create incoming webhook">
      <label className="block">
        Webhook name
        <input className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder="Deploy bot" />
      </label>
      <ChannelSelect value={channel} onChange={setChannel} channels={channels} />
      <label className="mt-2 block">
        Posts as
        <select className={inputClass} value={sender} onChange={(e) => setSender(e.target.value)}>
          <option value="">A new bot named after the webhook</option>
          {bots.map((b) => (
            <option key={b.username} value={b.username}>{b.display_name ? `${b.display_name} (${b.username})` : b.username}</option>
          ))}
        </select>
      </label>
      <div className="mt-2 flex">
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>Create incoming webhook</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

function IncomingList({ channels }: { channels: Channels }) {
  const { deleteIncomingWebhook } = useIntegrationActions();
  const hooks = useIncomingWebhooks();
  if (hooks.error) return <FormError text={failureText(hooks.error, "Could not load your incoming webhooks.")} />;
  if (!Array.isArray(hooks.data)) return <p className="mt-2 text-sm text-muted">{"Loading\u2026"}</p>;
  if (hooks.data.length === 0) return <p className="mt-2 text-sm text-muted">No incoming webhooks yet.</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label="Your incoming webhooks">
      {hooks.data.map((h) => (
        <li key={h.id} className="flex flex-wrap items-start gap-2 p-2" data-webhook-id={h.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{h.name}</span>
            <Facts items={[["Channel", channelLabel(h.channel, channels)], ["Posts as", h.sender], ["Created", when(h.created)], ["Last used", when(h.last_used)]]} />
            {h.disabled_reason ? <p className="mt-1 text-xs text-danger">Disabled: {h.disabled_reason}</p> : null}
          </div>
          <ConfirmAction label="Delete" question={`Delete \u201c${h.name}\u201d? Posts to its URL will be refused.`} onConfirm={() => deleteIncomingWebhook(h.id)} />
        </li>
      ))}
    </ul>
  );
}

export function IncomingSection({ bots }: { bots: Bot[] }) {
  const channels = usePostableChannels();
  return (
    <>
      <IncomingForm channels={channels} bots={bots} />
      <IncomingList channels={channels} />
    </>
  );
}

/** "deploy, release ci" → ["deploy", "release", "ci"]: words split on commas and spaces. */
export const triggerWords = (text: string) => text.split(/[\s,]+/).filter(Boolean);

function OutgoingForm({ channels }: { channels: Channels }) {
  const { createOutgoingWebhook } = useIntegrationActions();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [url, setUrl] = useState("");
  const [words, setWords] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewOutgoingWebhook | null>(null);
  if (made) return <ShownOnce label={`Signing secret for \u201c${made.name}\u201d`} value={made.secret} onDone={() => setMade(null)} />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Give the webhook a name.");
    if (!channel) return setError("Choose the channel it listens to.");
    if (!url.trim()) return setError("Give the URL to call.");
    setBusy(true);
    setError(null);
    try {
      setMade(await createOutgoingWebhook({ name: name.trim(), channel, url: url.trim(), trigger_words: triggerWords(words) }));
      setName("");
      setUrl("");
      setWords("");
    } catch (err) {
      setError(failureText(err, "Could not create the webhook."));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label="Create outgoing webhook">
      <label className="block">
        Outgoing webhook name
        <input className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder="Ticket tracker" />
      </label>
      <ChannelSelect value={channel} onChange={setChannel} channels={channels} />
      <label className="mt-2 block">
        URL to call
        <input className={inputClass} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/minimost" />
      </label>
      <label className="mt-2 block">
        Trigger words (optional, separated by commas)
        <input className={inputClass} value={words} onChange={(e) => setWords(e.target.value)} placeholder="deploy, release" />
      </label>
      <p className="mt-1 text-xs text-muted">Without trigger words every new message in the channel is sent.</p>
      <div className="mt-2 flex">
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>Create outgoing webhook</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

function OutgoingList({ channels }: { channels: Channels }) {
  const { deleteOutgoingWebhook } = useIntegrationActions();
  const hooks = useOutgoingWebhooks();
  if (hooks.error) return <FormError text={failureText(hooks.error, "Could not load your outgoing webhooks.")} />;
  if (!Array.isArray(hooks.data)) return <p className="mt-2 text-sm text-muted">{"Loading\u2026"}</p>;
  if (hooks.data.length === 0) return <p className="mt-2 text-sm text-muted">No outgoing webhooks yet.</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label="Your outgoing webhooks">
      {hooks.data.map((h) => (
        <li key={h.id} className="flex flex-wrap items-start gap-2 p-2" data-webhook-id={h.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{h.name}</span>
            <Facts
              items={[
                ["Channel", channelLabel(h.channel, channels)],
                ["URL", h.url],
                ["Trigger words", h.trigger_words.length ? h.trigger_words.join(", ") : "any message"],
                ["Created", when(h.created)],
              ]}
            />
            {h.disabled_reason ? <p className="mt-1 text-xs text-danger">Disabled: {h.disabled_reason}</p> : null}
            {h.last_error ? <p className="mt-1 text-xs text-danger">Last error: {h.last_error}</p> : null}
          </div>
          <ConfirmAction label="Delete" question={`Delete \u201c${h.name}\u201d?`} onConfirm={() => deleteOutgoingWebhook(h.id)} />
        </li>
      ))}
    </ul>
  );
}

export function OutgoingSection() {
  const channels = usePostableChannels();
  return (
    <>
      <OutgoingForm channels={channels} />
      <OutgoingList channels={channels} />
    </>
  );
}
