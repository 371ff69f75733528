"use client";

import { useState } from "react";
import { cropAvatar } from "../account-modal";
import { useBotTokens, useIntegrationActions, type Bot } from "../data/integrations";
import { ConfirmAction, Facts, FormError, failureText, inputClass, plainButton, primaryButton, when } from "./shared";
import { BotTag } from "./bot-tag";
import { TokenForm, TokenList } from "./tokens";

function BotForm() {
  const { createBot } = useIntegrationActions();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!username.trim()) return setError("Give the bot a username.");
    setBusy(true);
    setError(null);
    setMade(null);
    try {
      const bot = await createBot(username.trim(), displayName.trim());
      setMade(bot.username);
      setUsername("");
      setDisplayName("");
    } catch (err) {
      setError(failureText(err, "Could not create the bot."));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="text-sm" aria-label="Create bot">
      <div className="flex flex-wrap gap-x-3 gap-y-2">
        <label className="min-w-36 flex-1">
          Bot username
          <input className={inputClass} value={username} onChange={(e) => setUsername(e.target.value)} placeholder="deploy-bot" autoComplete="off" />
        </label>
        <label className="min-w-36 flex-1">
          Display name
          <input className={inputClass} value={displayName} maxLength={64} onChange={(e) => setDisplayName(e.target.value)} placeholder="Deploy Bot" />
        </label>
      </div>
      <div className="mt-2 flex items-center gap-3">
        <span role="status" className="text-xs text-ok">{made ? `Bot ${made} created.` : ""}</span>
        <button type="submit" className={`${primaryButton} ml-auto`} disabled={busy}>Create bot</button>
      </div>
      <FormError text={error} />
    </form>
  );
}

/** Picks a picture, crops it as the account dialog does, and stores it as the bot's avatar. */
function BotAvatar({ bot, maxAvatarMb }: { bot: string; maxAvatarMb?: number }) {
  const { setBotAvatar } = useIntegrationActions();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const choose = async (file: File) => {
    if (maxAvatarMb && file.size > maxAvatarMb * 1024 * 1024) return setNote({ ok: false, text: `Avatar image must be under ${Math.trunc(maxAvatarMb)} MB.` });
    let picture: Blob;
    try {
      picture = await cropAvatar(file);
    } catch {
      return setNote({ ok: false, text: "That file is not an image this browser can read." });
    }
    try {
      await setBotAvatar(bot, picture);
      setNote({ ok: true, text: "Avatar updated." });
    } catch (err) {
      setNote({ ok: false, text: failureText(err, "Could not set the avatar.") });
    }
  };
  return (
    <>
      <label className={`${plainButton} cursor-pointer hover:bg-raised`}>
        Avatar
        <input
          type="file"
          accept="image/*"
          className="sr-only"
          aria-label={`Avatar image for ${bot}`}
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
  const { deleteBot } = useIntegrationActions();
  const [open, setOpen] = useState(false);
  return (
    <li className="p-2" data-bot={bot.username}>
      <div className="flex flex-wrap items-start gap-2">
        <div className="min-w-0 flex-1">
          <span className="font-medium break-words">{bot.display_name || bot.username}</span>{" "}
          <BotTag />
          <Facts items={[["Username", bot.username], ["Created", when(bot.created)]]} />
        </div>
        <BotAvatar bot={bot.username} maxAvatarMb={maxAvatarMb} />
        <button type="button" className={plainButton} aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? "Hide tokens" : "Tokens"}
        </button>
        <ConfirmAction label="Delete" question={`Delete the bot ${bot.username}, its tokens and its webhooks?`} onConfirm={() => deleteBot(bot.username)} />
      </div>
      {open ? <BotTokens bot={bot.username} /> : null}
    </li>
  );
}

function BotTokens({ bot }: { bot: string }) {
  const tokens = useBotTokens(bot);
  const { createBotToken } = useIntegrationActions();
  return (
    <div className="mt-2 border-l-2 border-border pl-3">
      <TokenForm create={(body) => createBotToken(bot, body)} label={`Create token for ${bot}`} />
      {tokens.error ? <FormError text={failureText(tokens.error, "Could not load the bot's tokens.")} /> : null}
      <TokenList tokens={Array.isArray(tokens.data) ? tokens.data : tokens.error ? [] : undefined} bot={bot} emptyText="This bot has no tokens yet." />
    </div>
  );
}

export function BotsSection({ bots, maxAvatarMb }: { bots: Bot[] | undefined; maxAvatarMb?: number }) {
  return (
    <>
      <BotForm />
      {!bots ? (
        <p className="mt-2 text-sm text-muted">{"Loading\u2026"}</p>
      ) : bots.length === 0 ? (
        <p className="mt-2 text-sm text-muted">You have no bots yet.</p>
      ) : (
        <ul className="mt-2 divide-y divide-border rounded border border-border text-sm" aria-label="Your bots">
          {bots.map((b) => (
            <BotRow key={b.username} bot={b} maxAvatarMb={maxAvatarMb} />
          ))}
        </ul>
      )}
    </>
  );
}
