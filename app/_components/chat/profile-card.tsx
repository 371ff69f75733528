"use client";

import { useEffect, useId, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { Avatar } from "./avatar";
import { useBots } from "./data/integrations";
import { useProfile } from "./data/profile";
import { BotTag } from "./integrations/bot-tag";
import { useNameColor } from "./theme";

function Card({ id, name, hasImage, colors, version }: { id: string; name: string; hasImage: boolean; colors: Record<string, string>; version: number }) {
  // Fetched once per person for the page's life; a deleted account answers 404 and shows no bio.
  const t = useTranslations("messages.profile");
  const color = useNameColor(name, colors);
  const { data, error } = useProfile(name);
  const bot = useBots().get(name);
  return (
    <div id={id} role="tooltip" className="absolute top-full left-0 z-30 mt-1 flex w-64 gap-3 rounded border border-border bg-surface p-3 text-sm font-normal text-fg shadow-xl">
      <Avatar name={name} size={64} hasImage={hasImage} colors={colors} version={version} />
      <div className="min-w-0">
        <div className="truncate font-semibold" style={{ color }}>{bot?.display_name || name}</div>
        {bot ? (
          <div className="mt-0.5 flex min-w-0 items-center gap-1 text-xs text-muted">
            <BotTag /> <span className="truncate">{t("botOf", { owner: bot.owner })}</span>
          </div>
        ) : null}
        <p className="mt-1 break-words text-muted">{error ? "" : data ? data.bio || t("noBio") : "\u2026"}</p>
      </div>
    </div>
  );
}

/**
 * A sender's name (`label` when it is shown under another name: a bot's display name or the name a
 * webhook post asked for): hovering it (or focusing it with the keyboard) shows a card with their picture,
 * name and bio, described to screen readers; Esc dismisses it.
 */
export function SenderName({ name, label, colors, hasImage, version }: { name: string; label?: string; colors: Record<string, string>; hasImage: boolean; version: number }) {
  const [open, setOpen] = useState(false);
  const color = useNameColor(name, colors);
  const cardId = useId();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault(); // the card goes first; a second Esc closes the rest
      setOpen(false);
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [open]);
  const show = (delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setOpen(true), delay);
  };
  const hide = () => {
    if (timer.current) clearTimeout(timer.current);
    setOpen(false);
  };
  return (
    <span className="relative" onMouseEnter={() => show(400)} onMouseLeave={hide}>
      <button type="button" className="font-semibold hover:underline" style={{ color }} onFocus={() => show(0)} onBlur={hide} aria-describedby={open ? cardId : undefined}>
        {label === undefined ? name : <bdi>{label}</bdi>}
      </button>
      {open ? <Card id={cardId} name={name} hasImage={hasImage} colors={colors} version={version} /> : null}
    </span>
  );
}
