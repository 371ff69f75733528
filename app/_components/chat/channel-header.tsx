"use client";

import { CircleHelp, Ellipsis, Menu, Pencil, Settings, Users } from "lucide-react";
import { useState, type ReactNode } from "react";
import { useFormatter, useTranslations } from "use-intl";
import { Avatar } from "./avatar";
import { SearchPanel, type SearchHit } from "./search-panel";

export interface ChannelHeaderProps {
  me: string;
  channel: string;
  title: string;
  /** The channel's members but the reader (the button counts the reader too). */
  memberCount: number;
  users: string[];
  /** Every sidebar entry as `[channel, label]`: the search's channel filter. */
  channels: [string, string][];
  hasAvatar: boolean;
  avatarVersion: number;
  colors: Record<string, string> | undefined;
  presence: string | undefined;
  onOpenDrawer: () => void;
  onRename: () => void;
  onMembers: () => void;
  /** The channel's pinned messages and the reader's saved ones (issue 16); no button without them. */
  onPins?: () => void;
  onSaved?: () => void;
  /** The Threads button (issue 16), shown before search. */
  threads?: ReactNode;
  onJump: (hit: SearchHit) => void;
  onHelp: () => void;
  onSettings: () => void;
  onAccount: () => void;
  onSignOut: () => void;
  /** A public channel's purpose (issue 16), shown after its name; `onPurpose` makes it editable. */
  purpose?: string;
  onPurpose?: (purpose: string) => Promise<void>;
  /** The channel's notification level (all, mentions, none = muted) and how to change it. */
  notify?: "all" | "mentions" | "none";
  onNotify?: (level: "all" | "mentions" | "none") => void;
}

/** The purpose after the channel's name; clicking it (or "Add a purpose") edits it in place: Enter saves, Esc cancels. */
function Purpose({ purpose, onSave }: { purpose: string; onSave?: (purpose: string) => Promise<void> }) {
  const t = useTranslations("shell.header");
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (draft !== null && onSave) {
    const save = async () => {
      try {
        await onSave(draft.trim());
        setDraft(null);
        setError(null);
      } catch (err) {
        setError((err as Error).message);
      }
    };
    return (
      <span className="flex min-w-0 items-center gap-1">
        <input
          aria-label={t("purpose")}
          value={draft}
          maxLength={250}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") void save();
            if (e.key === "Escape") {
              e.stopPropagation();
              setDraft(null);
              setError(null);
            }
          }}
          className="min-w-0 rounded border border-border bg-bg px-1 text-sm"
        />
        {error ? <span role="alert" className="text-xs text-danger">{error}</span> : null}
      </span>
    );
  }
  if (!onSave) return purpose ? <span className="hidden truncate text-sm text-muted @4xl:inline" data-testid="channel-purpose">{purpose}</span> : null;
  return (
    <button type="button" className="hidden min-w-0 truncate text-left text-sm text-muted hover:underline @4xl:inline" title={t("editPurpose")} data-testid="channel-purpose" onClick={() => setDraft(purpose)}>
      {purpose || t("addPurpose")}
    </button>
  );
}

/**
 * The channel's notifications, threads, pinned and saved messages: in the bar when it is 56rem wide or more,
 * else behind an "…" (Ellipsis icon) button. The bar's own width decides (a container query), not the
 * window's: with the thread panel open beside it, a desktop's bar is as narrow as a tablet's.
 */
function ChannelActions({ children }: { children: ReactNode }) {
  const t = useTranslations("shell.header");
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="rounded px-2 py-1 text-muted hover:bg-raised @4xl:hidden"
        aria-label={t("channelActions")}
        title={t("channelActions")}
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
      >
        <Ellipsis aria-hidden="true" className="size-5" />
      </button>
      <div
        data-testid="channel-actions"
        className={`${open ? "absolute top-full right-2 z-30 flex flex-col items-stretch gap-2 rounded border border-border bg-surface p-2 shadow-xl" : "hidden"} @4xl:static @4xl:z-auto @4xl:flex @4xl:flex-row @4xl:items-center @4xl:gap-2 @4xl:border-0 @4xl:bg-transparent @4xl:p-0 @4xl:shadow-none`}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("button")) setOpen(false);
        }}
        onChange={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      >
        {children}
      </div>
    </>
  );
}

/** The bar above the conversation: the channel's name and members, search, help, settings, the account. */
export function ChannelHeader(p: ChannelHeaderProps) {
  const t = useTranslations("shell.header");
  const format = useFormatter();
  return (
    <header className="@container relative flex items-center gap-1 border-b border-border bg-surface px-2 py-2 sm:gap-2 sm:px-3">
      <button type="button" className="rounded px-2 py-1 hover:bg-raised md:hidden" aria-label={t("openChannels")} title={t("openChannels")} onClick={p.onOpenDrawer}>
        <Menu aria-hidden="true" className="size-5" />
      </button>
      <h1 className="min-w-[5.5rem] truncate text-lg font-semibold" data-testid="channel-title">{p.title}</h1>
      {p.purpose !== undefined ? <Purpose key={p.channel} purpose={p.purpose} onSave={p.onPurpose} /> : null}
      {p.channel.startsWith("private:") ? (
        <button type="button" className="rounded p-1 text-muted hover:bg-raised" aria-label={t("rename")} title={t("rename")} onClick={p.onRename}>
          <Pencil aria-hidden="true" className="size-4" />
        </button>
      ) : null}
      <button type="button" className="flex items-center gap-1 rounded px-1 text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label={t("membersCount", { count: p.memberCount + 1 })} title={t("members")} onClick={p.onMembers}>
        <Users aria-hidden="true" className="size-4" /> {format.number(p.memberCount + 1)}
      </button>
      <ChannelActions>
        {p.onNotify ? (
          <select
            aria-label={t("notifications")}
            title={t("notificationsHint")}
            value={p.notify ?? "all"}
            onChange={(e) => p.onNotify?.(e.target.value as "all" | "mentions" | "none")}
            className="rounded border border-border bg-surface px-1 text-sm text-muted"
          >
            <option value="all">{t("notifyAll")}</option>
            <option value="mentions">{t("notifyMentions")}</option>
            <option value="none">{t("notifyNone")}</option>
          </select>
        ) : null}
        {p.threads}
        {p.onPins ? (
          <button type="button" className="rounded px-1 text-left text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label={t("pinnedMessages")} title={t("pinnedMessages")} onClick={p.onPins}>
            {t("pinned")}
          </button>
        ) : null}
        {p.onSaved ? (
          <button type="button" className="rounded px-1 text-left text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label={t("savedMessages")} title={t("savedMessages")} onClick={p.onSaved}>
            {t("saved")}
          </button>
        ) : null}
      </ChannelActions>
      <div className="ml-auto flex min-w-[5rem] flex-1 justify-end">
        <SearchPanel me={p.me} users={p.users} channels={p.channels} onJump={p.onJump} />
      </div>
      <button type="button" className="hidden rounded p-1.5 hover:bg-raised @lg:block" aria-label={t("help")} title={t("help")} onClick={p.onHelp}>
        <CircleHelp aria-hidden="true" className="size-5" />
      </button>
      <button type="button" className="rounded p-1.5 hover:bg-raised" aria-label={t("settings")} title={t("settings")} onClick={p.onSettings}>
        <Settings aria-hidden="true" className="size-5" />
      </button>
      <button type="button" className="flex items-center gap-2 rounded px-2 py-1 hover:bg-raised" aria-label={t("accountOf", { name: p.me })} title={t("account")} onClick={p.onAccount}>
        <Avatar name={p.me} size={26} hasImage={p.hasAvatar} colors={p.colors} presence={p.presence} version={p.avatarVersion} />
        <span className="hidden text-sm @2xl:inline" data-testid="current-user">{p.me}</span>
      </button>
      <button type="button" onClick={p.onSignOut} className="hidden rounded border border-border px-2 py-1 text-sm whitespace-nowrap hover:bg-raised @xl:block">{t("signOut")}</button>
    </header>
  );
}
