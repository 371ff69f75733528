"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import {
  useIncomingWebhooks,
  useIntegrationActions,
  useOutgoingWebhooks,
  type Bot,
  type NewIncomingWebhook,
  type NewOutgoingWebhook,
} from "../data/integrations";
import { ChannelLabel, ChannelSelect, ConfirmAction, Facts, FormError, ShownOnce, failureText, inputClass, primaryButton, usePostableChannels, useWhen } from "./shared";

type Channels = ReturnType<typeof usePostableChannels>;

function IncomingForm({ channels, bots }: { channels: Channels; bots: Bot[] }) {
  const t = useTranslations("dialogs.integrations.incoming");
  const { createIncomingWebhook } = useIntegrationActions();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [sender, setSender] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewIncomingWebhook | null>(null);
  if (made) return <ShownOnce label={t("url", { name: made.name })} value={made.url} onDone={() => setMade(null)} />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t("needName"));
    if (!channel) return setError(t("needChannel"));
    setBusy(true);
    setError(null);
    try {
      setMade(await createIncomingWebhook(sender ? { name: name.trim(), channel, sender } : { name: name.trim(), channel }));
      setName("");
      setSender("");
    } catch (err) {
      setError(failureText(err, t("createFailed")));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label={t("form")}>
      <label className="block">
        {t("name")}
        <input className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder={t("namePlaceholder")} />
      </label>
      <ChannelSelect value={channel} onChange={setChannel} channels={channels} />
      <label className="mt-2 block">
        {t("postsAs")}
        <select className={inputClass} value={sender} onChange={(e) => setSender(e.target.value)}>
          <option value="">{t("newBot")}</option>
          {bots.map((b) => (
            <option key={b.username} value={b.username}>{b.display_name ? t("botOption", { displayName: b.display_name, username: b.username }) : b.username}</option>
          ))}
        </select>
      </label>
      <div className="mt-2 flex">
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>{t("create")}</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

function IncomingList({ channels }: { channels: Channels }) {
  const t = useTranslations("dialogs.integrations");
  const when = useWhen();
  const { deleteIncomingWebhook } = useIntegrationActions();
  const hooks = useIncomingWebhooks();
  if (hooks.error) return <FormError text={failureText(hooks.error, t("incoming.loadFailed"))} />;
  if (!Array.isArray(hooks.data)) return <p className="mt-2 text-sm text-muted">{t("loading")}</p>;
  if (hooks.data.length === 0) return <p className="mt-2 text-sm text-muted">{t("incoming.none")}</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label={t("incoming.list")}>
      {hooks.data.map((h) => (
        <li key={h.id} className="flex flex-wrap items-start gap-2 p-2" data-webhook-id={h.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{h.name}</span>
            <Facts
              items={[
                [t("facts.channel"), <ChannelLabel key="channel" channel={h.channel} channels={channels} />],
                [t("facts.postsAs"), h.sender],
                [t("facts.created"), when(h.created)],
                [t("facts.lastUsed"), when(h.last_used)],
              ]}
            />
            {h.disabled_reason ? <p className="mt-1 text-xs text-danger">{t("incoming.disabled", { reason: h.disabled_reason })}</p> : null}
          </div>
          <ConfirmAction action="delete" question={t("incoming.deleteQuestion", { name: h.name })} onConfirm={() => deleteIncomingWebhook(h.id)} />
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
  const t = useTranslations("dialogs.integrations.outgoing");
  const { createOutgoingWebhook } = useIntegrationActions();
  const [name, setName] = useState("");
  const [channel, setChannel] = useState("");
  const [url, setUrl] = useState("");
  const [words, setWords] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewOutgoingWebhook | null>(null);
  if (made) return <ShownOnce label={t("secret", { name: made.name })} value={made.secret} onDone={() => setMade(null)} />;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t("needName"));
    if (!channel) return setError(t("needChannel"));
    if (!url.trim()) return setError(t("needUrl"));
    setBusy(true);
    setError(null);
    try {
      setMade(await createOutgoingWebhook({ name: name.trim(), channel, url: url.trim(), trigger_words: triggerWords(words) }));
      setName("");
      setUrl("");
      setWords("");
    } catch (err) {
      setError(failureText(err, t("createFailed")));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label={t("form")}>
      <label className="block">
        {t("name")}
        <input className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder={t("namePlaceholder")} />
      </label>
      <ChannelSelect value={channel} onChange={setChannel} channels={channels} />
      <label className="mt-2 block">
        {t("url")}
        <input className={inputClass} type="url" inputMode="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder={t("urlPlaceholder")} />
      </label>
      <label className="mt-2 block">
        {t("words")}
        <input className={inputClass} value={words} onChange={(e) => setWords(e.target.value)} placeholder={t("wordsPlaceholder")} />
      </label>
      <p className="mt-1 text-xs text-muted">{t("wordsHint")}</p>
      <div className="mt-2 flex">
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>{t("create")}</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

function OutgoingList({ channels }: { channels: Channels }) {
  const t = useTranslations("dialogs.integrations");
  const when = useWhen();
  const { deleteOutgoingWebhook } = useIntegrationActions();
  const hooks = useOutgoingWebhooks();
  if (hooks.error) return <FormError text={failureText(hooks.error, t("outgoing.loadFailed"))} />;
  if (!Array.isArray(hooks.data)) return <p className="mt-2 text-sm text-muted">{t("loading")}</p>;
  if (hooks.data.length === 0) return <p className="mt-2 text-sm text-muted">{t("outgoing.none")}</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label={t("outgoing.list")}>
      {hooks.data.map((h) => (
        <li key={h.id} className="flex flex-wrap items-start gap-2 p-2" data-webhook-id={h.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{h.name}</span>
            <Facts
              items={[
                [t("facts.channel"), <ChannelLabel key="channel" channel={h.channel} channels={channels} />],
                [t("facts.url"), h.url],
                [t("facts.triggerWords"), h.trigger_words.length ? h.trigger_words.join(", ") : t("facts.anyMessage")],
                [t("facts.created"), when(h.created)],
              ]}
            />
            {h.disabled_reason ? <p className="mt-1 text-xs text-danger">{t("outgoing.disabled", { reason: h.disabled_reason })}</p> : null}
            {h.last_error ? <p className="mt-1 text-xs text-danger">{t("outgoing.lastError", { error: h.last_error })}</p> : null}
          </div>
          <ConfirmAction action="delete" question={t("outgoing.deleteQuestion", { name: h.name })} onConfirm={() => deleteOutgoingWebhook(h.id)} />
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
