"use client";

import { useState, type ReactNode } from "react";
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
          aria-label="Channel purpose"
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
  if (!onSave) return purpose ? <span className="hidden truncate text-sm text-muted lg:inline" data-testid="channel-purpose">{purpose}</span> : null;
  return (
    <button type="button" className="hidden min-w-0 truncate text-left text-sm text-muted hover:underline lg:inline" title="Edit the channel's purpose" data-testid="channel-purpose" onClick={() => setDraft(purpose)}>
      {purpose || "Add a purpose"}
    </button>
  );
}

/**
 * The channel's notifications, threads, pinned and saved messages: in the bar from 640 px, behind a "⋯"
 * button on a phone, where the bar has room for the name, search and the account only.
 */
function ChannelActions({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="rounded px-2 text-muted hover:bg-raised sm:hidden"
        aria-label="Channel actions"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
      >
        {"\u22ef"}
      </button>
      <div
        data-testid="channel-actions"
        className={`${open ? "absolute top-full right-2 z-30 flex flex-col items-stretch gap-2 rounded border border-border bg-surface p-2 shadow-xl" : "hidden"} sm:static sm:z-auto sm:flex sm:flex-row sm:items-center sm:gap-2 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none`}
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
  return (
    <header className="relative flex items-center gap-1 border-b border-border bg-surface px-2 py-2 sm:gap-2 sm:px-3">
      <button type="button" className="px-2 md:hidden" aria-label="Open channels" onClick={p.onOpenDrawer}>{"\u2630"}</button>
      <h1 className="min-w-[5.5rem] truncate md:min-w-0 text-lg font-semibold" data-testid="channel-title">{p.title}</h1>
      {p.purpose !== undefined ? <Purpose key={p.channel} purpose={p.purpose} onSave={p.onPurpose} /> : null}
      {p.channel.startsWith("private:") ? (
        <button type="button" className="rounded px-1 text-sm text-muted hover:bg-raised" aria-label="Rename channel" title="Rename channel" onClick={p.onRename}>
          {"\u270e"}
        </button>
      ) : null}
      <button type="button" className="rounded px-1 text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label={`Members (${p.memberCount + 1})`} title="Members" onClick={p.onMembers}>
        {"\u{1F465}"} {p.memberCount + 1}
      </button>
      <ChannelActions>
        {p.onNotify ? (
          <select
            aria-label="Notifications"
            title="Notifications for this channel"
            value={p.notify ?? "all"}
            onChange={(e) => p.onNotify?.(e.target.value as "all" | "mentions" | "none")}
            className="rounded border border-border bg-surface px-1 text-sm text-muted"
          >
            <option value="all">All</option>
            <option value="mentions">Mentions</option>
            <option value="none">None (muted)</option>
          </select>
        ) : null}
        {p.threads}
        {p.onPins ? (
          <button type="button" className="rounded px-1 text-left text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label="Pinned messages" title="Pinned messages" onClick={p.onPins}>
            Pinned
          </button>
        ) : null}
        {p.onSaved ? (
          <button type="button" className="rounded px-1 text-left text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label="Saved messages" title="Saved messages" onClick={p.onSaved}>
            Saved
          </button>
        ) : null}
      </ChannelActions>
      <div className="ml-auto flex min-w-[5rem] flex-1 justify-end">
        <SearchPanel me={p.me} users={p.users} channels={p.channels} onJump={p.onJump} />
      </div>
      <button type="button" className="hidden rounded px-2 py-1 hover:bg-raised sm:block" aria-label="Help" title="Help" onClick={p.onHelp}>?</button>
      <button type="button" className="rounded px-2 py-1 hover:bg-raised" aria-label="Settings" title="Settings" onClick={p.onSettings}>{"\u2699"}</button>
      <button type="button" className="flex items-center gap-2 rounded px-2 py-1 hover:bg-raised" aria-label="Account" onClick={p.onAccount}>
        <Avatar name={p.me} size={26} hasImage={p.hasAvatar} colors={p.colors} presence={p.presence} version={p.avatarVersion} />
        <span className="hidden text-sm sm:inline" data-testid="current-user">{p.me}</span>
      </button>
      <button type="button" onClick={p.onSignOut} className="hidden rounded border border-border px-2 py-1 text-sm whitespace-nowrap hover:bg-raised sm:block">Sign out</button>
    </header>
  );
}
