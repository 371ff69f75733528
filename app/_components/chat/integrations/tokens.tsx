"use client";

import { useId, useState } from "react";
import { useTranslations } from "use-intl";
import { useIntegrationActions, useTokens, type AccessToken, type NewAccessToken, type TokenRequest } from "../data/integrations";
import { ConfirmAction, Facts, FormError, ShownOnce, failureText, inputClass, primaryButton, useWhen } from "./shared";

/** The expiry choices the form offers, in days ("" = never). */
const EXPIRIES = ["", "30", "90", "365"] as const;

/**
 * Makes a token (the reader's own, or a bot's when `create` says so): name, read-only, expiry. The
 * new token replaces the form, shown once, until Done.
 */
export function TokenForm({ create, label }: { create: (body: TokenRequest) => Promise<NewAccessToken>; label?: string }) {
  const t = useTranslations("dialogs.integrations.tokens");
  const title = label ?? t("create");
  const [name, setName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [expiry, setExpiry] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<NewAccessToken | null>(null);
  const id = useId();

  if (made) return <ShownOnce label={t("newToken", { name: made.name })} value={made.token} onDone={() => setMade(null)} />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t("needName"));
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
      setError(failureText(err, t("createFailed")));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label={title}>
      <div className="flex flex-wrap gap-x-3 gap-y-2">
        <label className="min-w-40 flex-1" htmlFor={`${id}-name`}>
          {t("name")}
          <input id={`${id}-name`} className={inputClass} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder={t("namePlaceholder")} />
        </label>
        <label className="w-32" htmlFor={`${id}-expiry`}>
          {t("expires")}
          <select id={`${id}-expiry`} className={inputClass} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
            {EXPIRIES.map((value) => (
              <option key={value} value={value}>{value ? t("days", { count: Number(value) }) : t("never")}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <label>
          <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> {t("readOnly")}
        </label>
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>{title}</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

/** Tokens with their facts (never their secret), each revocable after a confirmation. */
export function TokenList({ tokens, bot, emptyText }: { tokens: AccessToken[] | undefined; bot?: string; emptyText: string }) {
  const t = useTranslations("dialogs.integrations");
  const when = useWhen();
  const { revokeToken } = useIntegrationActions();
  if (!tokens) return <p className="text-sm text-muted">{t("loading")}</p>;
  if (tokens.length === 0) return <p className="text-sm text-muted">{emptyText}</p>;
  return (
    <ul className="mt-2 divide-y divide-border rounded border border-border" aria-label={bot ? t("tokens.listOf", { bot }) : t("tokens.listMine")}>
      {tokens.map((token) => (
        <li key={token.id} className="flex flex-wrap items-start gap-2 p-2" data-token-id={token.id}>
          <div className="min-w-0 flex-1">
            <span className="font-medium break-words">{token.name}</span>
            {token.read_only ? <span className="ml-2 rounded border border-border px-1 text-[0.7em] text-muted">{t("tokens.readOnlyTag")}</span> : null}
            <Facts
              items={[
                [t("facts.created"), when(token.created)],
                [t("facts.lastUsed"), when(token.last_used)],
                [t("facts.expires"), when(token.expires)],
              ]}
            />
          </div>
          <ConfirmAction action="revoke" question={t("tokens.revokeQuestion", { name: token.name })} onConfirm={() => revokeToken(token.id, bot)} />
        </li>
      ))}
    </ul>
  );
}

export function TokensSection() {
  const t = useTranslations("dialogs.integrations.tokens");
  const tokens = useTokens();
  const { createToken } = useIntegrationActions();
  return (
    <>
      <TokenForm create={createToken} />
      {tokens.error ? <FormError text={failureText(tokens.error, t("loadFailed"))} /> : null}
      <TokenList tokens={Array.isArray(tokens.data) ? tokens.data : tokens.error ? [] : undefined} emptyText={t("none")} />
    </>
  );
}
