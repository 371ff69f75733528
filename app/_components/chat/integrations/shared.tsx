"use client";

import { useEffect, useRef, useState } from "react";
import { ApiFailure } from "@/lib/client/api";
import { usePrivateChannels } from "../data/conversations";
import { usePublicChannels } from "../data/integrations";

export const inputClass = "mt-1 block w-full rounded border border-border bg-bg px-2 py-1";
export const primaryButton = "rounded bg-accent px-3 py-1 text-sm text-accent-fg disabled:opacity-50";
export const plainButton = "rounded border border-border px-2 py-0.5 text-sm";
export const dangerButton = "rounded border border-danger px-2 py-0.5 text-sm text-danger";

/** A date as the lists show it; `null` reads as `none` ("Never", "—"). */
export function when(ts: number | null, none = "Never"): string {
  return ts === null ? none : new Date(ts * 1000).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
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
      <p className="mt-2">Copy it now: you will not see it again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={primaryButton} onClick={() => void copy()}>Copy</button>
        <button type="button" className={plainButton} onClick={onDone}>Done</button>
        <span role="status" className="text-xs text-muted">
          {copied === "yes" ? "Copied." : copied === "no" ? "Could not copy: select the text and copy it." : ""}
        </span>
      </div>
    </div>
  );
}

/** A destructive button that asks once more inline before acting; the server's refusal shows beside it. */
export function ConfirmAction({ label, question, onConfirm }: { label: string; question: string; onConfirm: () => Promise<void> }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" className={dangerButton} onClick={() => { setAsking(true); setError(null); }}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (err) {
      setError(failureText(err, `Could not ${label.toLowerCase()}`));
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2" role="group" aria-label={question}>
      <span className="text-sm">{question}</span>
      <button type="button" className={dangerButton} disabled={busy} onClick={() => void confirm()}>
        Yes, {label.toLowerCase()}
      </button>
      <button type="button" className={plainButton} disabled={busy} onClick={() => setAsking(false)}>Cancel</button>
      <FormError text={error} />
    </span>
  );
}

/** Channels the reader can post in: the public ones and their private ones (DMs have no webhooks). */
export function usePostableChannels(): { value: string; label: string }[] {
  const publics = usePublicChannels();
  const privates = usePrivateChannels();
  return [
    ...(Array.isArray(publics.data) ? publics.data : []).map((c) => ({ value: c, label: `# ${c}` })),
    ...(Array.isArray(privates.data) ? privates.data : []).map((p) => ({ value: p.channel, label: `\u{1F512} ${p.name}` })),
  ];
}

/** A channel as the lists name it (a private channel by its name, when the reader still sees it). */
export function channelLabel(channel: string, channels: { value: string; label: string }[]): string {
  return channels.find((c) => c.value === channel)?.label ?? (channel.startsWith("private:") ? "a private channel" : `# ${channel}`);
}

export function ChannelSelect({ value, onChange, channels }: { value: string; onChange: (v: string) => void; channels: { value: string; label: string }[] }) {
  return (
    <label className="mt-2 block text-sm">
      Channel
      <select className={inputClass} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="" disabled>Choose a channel</option>
        {channels.map((c) => (
          <option key={c.value} value={c.value}>{c.label}</option>
        ))}
      </select>
    </label>
  );
}

/** A list row's facts (created, last used, …) as label/value pairs that wrap on narrow screens. */
export function Facts({ items }: { items: [string, string][] }) {
  return (
    <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-0.5 text-xs text-muted">
      {items.map(([k, v]) => (
        <div key={k} className="flex gap-1">
          <dt>{k}:</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A section of the panel: a heading and a short sentence saying what it is for. */
export function Section({ title, about, children }: { title: string; about: string; children: React.ReactNode }) {
  const id = `integrations-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="integrations-section mt-5 border-t border-border pt-4 first:mt-0 first:border-t-0 first:pt-0">
      <h3 id={id} className="font-semibold">{title}</h3>
      <p className="mb-2 text-xs text-muted">{about}</p>
      {children}
    </section>
  );
}
