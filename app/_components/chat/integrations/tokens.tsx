"use client";

import { useId, useState } from "react";
import { useIntegrationActions, useTokens, type AccessToken, type NewAccessToken, type TokenRequest } from "../data/integrations";
import { ConfirmAction, Facts, FormError, ShownOnce, failureText, inputClass, primaryButton, when } from "./shared";

/** The expiry choices the form offers, in days ("" = never). */
const EXPIRIES = [
  ["", "Never"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "365 days"],
] as const;

/**
 * Makes a token (the reader's own, or a bot's when `create` says so): name, read-only, expiry. The
 * new token replaces the form, shown once, until Done.
 */
export function TokenForm({ create, label = "Create token" }: { create: (body: TokenRequest) => Promise<NewAccessToken>; label?: string }) {
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [expiry, setExpiry] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewAccessToken | null>(null);
  const id = useId();

  if (made) return <ShownOnce label={`New token \u201c${made.name}\u201d`} value={made.token} onDone={() => setMade(null)} />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError("Give the token a name.");
    setBusy(true);
    setError(null);
    try {
      const body: TokenRequest = { name: name.trim(), read_only: readOnly };
      if (expiry) body.expires_in_days = Number(expiry);
      setMade(await create(body));
      setName("");
      setReadOnly(false);
      setExpiry("");
    } catch (err) {
      setError(failureText(err, "Could not create the token."));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label={label}>
      <div className="flex flex-wrap gap-x-3 gap-y-2">
        <label className="min-w-40 flex-1" htmlFor={`${id}-name`}>
          Token name
          <input id={`${id}-name`} className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder="CI deploys" />
        </label>
        <label className="w-32" htmlFor={`${id}-expiry`}>
          Expires
          <select id={`${id}-expiry`} className={inputClass} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRIES.map(([value, text]) => (
              <option key={value} value={value}>{text}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <label>
          <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only (GET requests only)
        </label>
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>{label}</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

/** Tokens with their facts (never their secret), each revocable after a confirmation. */
export function TokenList({ tokens, bot, emptyText }: { tokens: AccessToken[] | undefined; bot?: string; emptyText: string }) {
  const { revokeToken } = useIntegrationActions();
  if (!tokens) return <p className="text-sm text-muted">{"Loading\u2026"}</p>;
  if (tokens.length === 0) return <p className="text-sm text-muted">{emptyText}</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border" aria-label={bot ? `Tokens of ${bot}` : "Your tokens"}>
      {tokens.map((t) => (
        <li key={t.id} className="flex flex-wrap items-start gap-2 p-2" data-token-id={t.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{t.name}</span>
            {t.read_only ? <span className="ml-2 rounded border border-border px-1 text-[0.7em] text-muted">read-only</span> : null}
            <Facts items={[["Created", when(t.created)], ["Last used", when(t.last_used)], ["Expires", when(t.expires)]]} />
          </div>
          <ConfirmAction label="Revoke" question={`Revoke \u201c${t.name}\u201d? Scripts using it stop working at once.`} onConfirm={() => revokeToken(t.id, bot)} />
        </li>
      ))}
    </ul>
  );
}

export function TokensSection() {
  const tokens = useTokens();
  const { createToken } = useIntegrationActions();
  return (
    <>
      <TokenForm create={createToken} />
      {tokens.error ? <FormError text={failureText(tokens.error, "Could not load your tokens.")} /> : null}
      <TokenList tokens={Array.isArray(tokens.data) ? tokens.data : tokens.error ? [] : undefined} emptyText="No tokens yet." />
    </>
  );
}
