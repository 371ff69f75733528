"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { cropAvatar } from "../account-modal";
import { useBotTokens, useIntegrationActions, type Bot } from "../data/integrations";
import { ConfirmAction, Facts, FormError, failureText, inputClass, plainButton, primaryButton, useWhen } from "./shared";
import { BotTag } from "./bot-tag";
import { TokenForm, TokenList } from "./tokens";

function BotForm() {
  const t = useTranslations("dialogs.integrations.bots");
  const { createBot } = useIntegrationActions();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!username.trim()) return setError(t("needName"));
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const bot = await createBot(username.trim(), displayName.trim());
      setMade(bot.username);
      setUsername("");
      setDisplayName("");
    } catch (err) {
      setError(failureText(err, t("createFailed")));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label={t("form")}>
      <div className="flex flex-wrap gap-x-3 gap-y-2">
        <label className="min-w-36 flex-1">
          {t("username")}
          <input className={inputClass} value={username} onChange={(e) => setUsername(e.target.value)} placeholder={t("usernamePlaceholder")} autoComplete="off" />
        </label>
        <label className="min-w-36 flex-1">
          {t("displayName")}
          <input className={inputClass} value={displayName} maxLength={64} onChange={(e) => setDisplayName(e.target.value)} placeholder={t("displayNamePlaceholder")} />
        </label>
      </div>
      <div className="mt-2 flex items-center gap-3">
        <span role="status" className="text-xs text-ok">{made ? t("made", { name: made }) : ""}</span>
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>{t("create")}</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

/** Picks a picture, crops it as the account dialog does, and stores it as the bot's avatar. */
function BotAvatar({ bot, maxAvatarMb }: { bot: string; maxAvatarMb?: number }) {
  const t = useTranslations("dialogs.integrations.bots");
  const { setBotAvatar } = useIntegrationActions();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const choose = async (file: File) => {
    if (maxAvatarMb && file.size > maxAvatarMb * 1024 * 1024) return setNote({ ok: false, text: t("avatarTooBig", { mb: Math.trunc(maxAvatarMb) }) });
    let picture: Blob;
    try {
      picture = await cropAvatar(file);
    } catch {
      return setNote({ ok: false, text: t("notAnImage") });
    }
    try {
      await setBotAvatar(bot, picture);
      setNote({ ok: true, text: t("avatarUpdated") });
    } catch (err) {
      setNote({ ok: false, text: failureText(err, t("avatarFailed")) });
    }
  };
  return (
    <>
      <label className={`${plainButton} cursor-pointer hover:bg-raised`}>
        {t("avatar")}
        <input
          type="file"
          accept="image/*"
          className="sr-only"
          aria-label={t("avatarFor", { bot })}
          onChange={(e) => {
            if (e.target.files?.[0]) void choose(e.target.files[0]);
            e.target.value = "";
          }}
        />
      </label>
      {note ? <p role={note.ok ? "status" : "alert"} className={`w-full text-xs ${note.ok ? "text-ok" : "text-danger"}`}>{note.text}</p> : null}
    </>
  );
}

/** One of the reader's bots: its facts, avatar, tokens (made and revoked here) and its deletion. */
function BotRow({ bot, maxAvatarMb }: { bot: Bot; maxAvatarMb?: number }) {
  const t = useTranslations("dialogs.integrations");
  const when = useWhen();
  const { deleteBot } = useIntegrationActions();
  const [open, setOpen] = useState(false);
  return (
    <li className="p-2" data-bot={bot.username}>
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <span className="font-medium break-words">{bot.display_name || bot.username}</span>{" "}
          <BotTag />
          <Facts items={[[t("facts.username"), bot.username], [t("facts.created"), when(bot.created)]]} />
        </div>
        <BotAvatar bot={bot.username} maxAvatarMb={maxAvatarMb} />
        <button type="button" className={plainButton} aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? t("bots.hideTokens") : t("bots.tokens")}
        </button>
        <ConfirmAction action="delete" question={t("bots.deleteQuestion", { name: bot.username })} onConfirm={() => deleteBot(bot.username)} />
      </div>
      {open ? <BotTokens bot={bot.username} /> : null}
    </li>
  );
}

function BotTokens({ bot }: { bot: string }) {
  const t = useTranslations("dialogs.integrations");
  const tokens = useBotTokens(bot);
  const { createBotToken } = useIntegrationActions();
  return (
    <div className="mt-2 border-l-2 border-border pl-3">
      <TokenForm create={(body) => createBotToken(bot, body)} label={t("tokens.createFor", { bot })} />
      {tokens.error ? <FormError text={failureText(tokens.error, t("bots.tokensFailed"))} /> : null}
      <TokenList tokens={Array.isArray(tokens.data) ? tokens.data : tokens.error ? [] : undefined} bot={bot} emptyText={t("bots.noTokens")} />
    </div>
  );
}

export function BotsSection({ bots, maxAvatarMb }: { bots: Bot[] | undefined; maxAvatarMb?: number }) {
  const t = useTranslations("dialogs.integrations");
  return (
    <>
      <BotForm />
      {!bots ? (
        <p className="mt-2 text-sm text-muted">{t("loading")}</p>
      ) : bots.length === 0 ? (
        <p className="mt-2 text-sm text-muted">{t("bots.none")}</p>
      ) : (
        <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label={t("bots.list")}>
          {bots.map((b) => (
            <BotRow key={b.username} bot={b} maxAvatarMb={maxAvatarMb} />
          ))}
        </ul>
      )}
    </>
  );
}
