"use client";

import { Lock } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { ApiFailure } from "@/lib/client/api";
import { usePrivateChannels } from "../data/conversations";
import { usePublicChannels } from "../data/integrations";

export const inputClass = "mt-1 block w-full rounded border border-border bg-bg px-2 py-1";
export const primaryButton = "rounded bg-accent px-3 py-1 text-sm text-accent-fg disabled:opacity-50";
export const plainButton = "rounded border border-border px-2 py-0.5 text-sm";
export const dangerButton = "rounded border border-danger px-2 py-0.5 text-sm text-danger";

/**
 * A date as the lists show it, in the page's language (`when(ts)`); `null` reads as "Never", or as the
 * `none` given.
 */
export function useWhen(): (ts: number | null, none?: string) => string {
  const format = useFormatter();
  const t = useTranslations("dialogs.integrations");
  return useCallback(
    (ts: number | null, none?: string) => (ts === null ? (none ?? t("never")) : format.dateTime(new Date(ts * 1000), { dateStyle: "medium", timeStyle: "short" })),
    [format, t],
  );
}

/** The server's words for a refusal (its `{"error"}` text), or a generic line when it gave none. */
export function failureText(err: unknown, fallback: string): string {
  if (err instanceof ApiFailure && err.status !== 0 && err.message) return err.message;
  return fallback;
}

/** An inline refusal under a form, announced to screen readers. */
export function FormError({ text }: { text: string | null }) {
  return text ? <p role="alert" className="mt-2 text-sm text-danger">{text}</p> : null;
}

/**
 * A secret the server shows this once (a token, a webhook URL, a signing secret): a read-only field
 * to select, a Copy button, and a plain warning; Done forgets it.
 */
export function ShownOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const t = useTranslations("dialogs.integrations.shownOnce");
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []); // the form that made it is gone: focus moves to the secret
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no"); // no clipboard (plain http, permissions): the field stays selectable
    }
  };
  return (
    <div className="shown-once mt-3 rounded border border-accent bg-accent/10 p-3 text-sm" data-testid="shown-once">
      <label className="block font-semibold">
        {label}
        <input readOnly value={value} className={`${inputClass} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} ref={field} />
      </label>
      <p className="mt-2">{t("warning")}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={primaryButton} onClick={() => void copy()}>{t("copy")}</button>
        <button type="button" className={plainButton} onClick={onDone}>{t("done")}</button>
        <span role="status" className="text-xs text-muted">
          {copied === "yes" ? t("copied") : copied === "no" ? t("copyFailed") : ""}
        </span>
      </div>
    </div>
  );
}

/**
 * A destructive button (Delete, Revoke: `action`) that asks once more inline before acting; the
 * server's refusal shows beside it.
 */
export function ConfirmAction({ action, question, onConfirm }: { action: "delete" | "revoke"; question: string; onConfirm: () => Promise<void> }) {
  const t = useTranslations("dialogs.integrations.confirm");
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" className={dangerButton} onClick={() => { setAsking(true); setError(null); }}>
        {t(`${action}.label`)}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (err) {
      setError(failureText(err, t(`${action}.failed`)));
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2" role="group" aria-label={question}>
      <span className="text-sm">{question}</span>
      <button type="button" className={dangerButton} disabled={busy} onClick={() => void confirm()}>
        {t(`${action}.yes`)}
      </button>
      <button type="button" className={plainButton} disabled={busy} onClick={() => setAsking(false)}>{t("cancel")}</button>
      <FormError text={error} />
    </span>
  );
}

/** A channel the reader can post in: its id, its name, and whether it is one of their private channels. */
export interface PostableChannel {
  value: string;
  name: string;
  private: boolean;
}

/** Channels the reader can post in: the public ones and their private ones (DMs have no webhooks). */
export function usePostableChannels(): PostableChannel[] {
  const publics = usePublicChannels();
  const privates = usePrivateChannels();
  return [
    ...(Array.isArray(publics.data) ? publics.data : []).map((c) => ({ value: c, name: c, private: false })),
    ...(Array.isArray(privates.data) ? privates.data : []).map((p) => ({ value: p.channel, name: p.name, private: true })),
  ];
}

/** A private channel's name after a lock, which says "Private channel" to a screen reader. */
function PrivateName({ name }: { name: string }) {
  const t = useTranslations("dialogs.integrations.channel");
  return (
    <span className="inline-flex items-center gap-0.5" title={t("privateMark")}>
      <Lock role="img" aria-label={t("privateMark")} className="size-3 shrink-0" />
      {name}
    </span>
  );
}

/** A channel as the lists name it (a private channel by its name, when the reader still sees it). */
export function ChannelLabel({ channel, channels }: { channel: string; channels: PostableChannel[] }) {
  const t = useTranslations("dialogs.integrations.channel");
  const known = channels.find((c) => c.value === channel);
  if (known) return known.private ? <PrivateName name={known.name} /> : <>{`# ${known.name}`}</>;
  return <>{channel.startsWith("private:") ? t("unknownPrivate") : `# ${channel}`}</>;
}

/** The channel picker: public channels, then the reader's private ones, each under its heading. */
export function ChannelSelect({ value, onChange, channels }: { value: string; onChange: (v: string) => void; channels: PostableChannel[] }) {
  const t = useTranslations("dialogs.integrations.channel");
  const publics = channels.filter((c) => !c.private);
  const privates = channels.filter((c) => c.private);
  return (
    <label className="mt-2 block text-sm">
      {t("label")}
      <select className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="" disabled>{t("choose")}</option>
        {publics.length ? (
          <optgroup label={t("public")}>
            {publics.map((c) => (
              <option key={c.value} value={c.value}>{`# ${c.name}`}</option>
            ))}
          </optgroup>
        ) : null}
        {privates.length ? (
          <optgroup label={t("private")}>
            {privates.map((c) => (
              <option key={c.value} value={c.value}>{c.name}</option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </label>
  );
}

/** A list row's facts (created, last used, …) as label/value pairs that wrap on narrow screens. */
export function Facts({ items }: { items: [string, React.ReactNode][] }) {
  const t = useTranslations("dialogs.integrations");
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-muted">
      {items.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt>{t("fact", { label: k })}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A section of the panel (`id` names it in the page): a heading and a short sentence saying what it is for. */
export function Section({ id: name, title, about, children }: { id: string; title: string; about: React.ReactNode; children: React.ReactNode }) {
  const id = `integrations-${name}`;
  return (
    <section aria-labelledby={id} className="integrations-section mt-5 border-t border-border pt-4 first:mt-0 first:border-t-0 first:pt-0">
      <h3 id={id} className="font-semibold">{title}</h3>
      <p className="mb-2 text-xs text-muted">{about}</p>
      {children}
    </section>
  );
}
