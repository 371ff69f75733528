"use client";

import Link from "next/link";
import type { DmEntry, PrivateChannel } from "@/lib/client/types";
import { Avatar } from "./avatar";
import { publicChannelName } from "./data/channels";
import { useQuiet } from "./data/quiet";

export interface SidebarProps {
  channels: string[];
  unreads: Record<string, number>;
  /** Unread mentions of me per channel (`/channel_mentions`). */
  mentions: Record<string, number>;
  privates: PrivateChannel[];
  dms: DmEntry[];
  current: string;
  online: Record<string, string>;
  avatars: ReadonlySet<string>;
  colors: Record<string, string>;
  onSelect: (channel: string) => void;
  onCloseDm: (channel: string) => void;
  onNewDm: () => void;
  onNewPrivate: () => void;
  /** Opens the public channels' browser (join, leave; admins create, rename, archive). */
  onBrowse?: () => void;
}

/**
 * Mentions outrank plain unread messages, as in Mattermost: their own colour, an @ (colour is not
 * the only sign) and their own count; otherwise the unread count.
 */
function Badge({ unread, mentions, muted = false }: { unread: number; mentions: number; muted?: boolean }) {
  // A muted channel asks for no attention: its mentions are counted quietly, its unread messages not at all.
  if (muted) {
    if (mentions === 0) return null;
    return (
      <span className="muted-badge ml-auto rounded-full border border-border px-1.5 text-xs text-muted" aria-label={`${mentions} mention${mentions === 1 ? "" : "s"} (muted)`}>
        @{mentions}
      </span>
    );
  }
  if (mentions > 0) {
    return (
      <span
        className="mention-badge ml-auto rounded-full bg-mention-badge px-1.5 text-xs font-bold whitespace-nowrap text-mention-badge-fg"
        aria-label={`${mentions} mention${mentions === 1 ? "" : "s"}, ${Math.max(unread, mentions)} unread`}
        title={`${mentions} mention${mentions === 1 ? "" : "s"}`}
      >
        @{mentions}
      </span>
    );
  }
  if (!unread) return null;
  return (
    <span className="unread-badge ml-auto rounded-full bg-badge px-1.5 text-xs font-bold text-badge-fg" aria-label={`${unread} unread`}>
      {unread}
    </span>
  );
}

const item = (active: boolean, unread = false, muted = false) =>
  `flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm ${active ? "active bg-accent text-accent-fg" : "hover:bg-raised"} ${unread && !active && !muted ? "font-semibold" : ""} ${muted && !active ? "muted text-muted" : ""}`;

/** The sign that a channel is muted (colour is not the only one). */
function MutedMark({ muted }: { muted: boolean }) {
  return muted ? <span role="img" aria-label="muted" title="Muted: /unmute to hear from it again" className="text-xs">{"\u{1F515}"}</span> : null;
}

/** Channels, private channels and DMs, with unread and mention badges. */
export function Sidebar(props: SidebarProps) {
  const { muted } = useQuiet();
  return (
    <nav aria-label="Channels" className="flex h-full flex-col gap-3 overflow-y-auto p-3">
      <button type="button" onClick={props.onNewDm} className="rounded border border-border px-2 py-1 text-sm hover:bg-raised">
        New DM
      </button>
      <section aria-labelledby="public-heading">
        <div className="mb-1 flex items-center">
          <h2 id="public-heading" className="text-sm font-bold">Public Channels</h2>
          {props.onBrowse ? (
            <button type="button" onClick={props.onBrowse} className="ml-auto px-1 text-xs text-muted hover:underline" aria-label="Browse channels" title="Browse channels">
              Browse
            </button>
          ) : null}
        </div>
        <ul>
          {props.channels.map((channel) => (
            <li key={channel}>
              <button type="button" className={item(props.current === channel, !!props.unreads[channel], muted.has(channel))} aria-current={props.current === channel ? "page" : undefined} onClick={() => props.onSelect(channel)}>
                <span className="truncate"># {publicChannelName(channel)}</span>
                <MutedMark muted={muted.has(channel)} />
                <Badge unread={props.current === channel ? 0 : (props.unreads[channel] ?? 0)} mentions={props.current === channel ? 0 : (props.mentions[channel] ?? 0)} muted={muted.has(channel)} />
              </button>
            </li>
          ))}
        </ul>
      </section>
      <hr className="border-border" />
      <section aria-labelledby="private-heading">
        <div className="mb-1 flex items-center">
          <h2 id="private-heading" className="text-sm font-bold">Private Channels</h2>
          <button type="button" onClick={props.onNewPrivate} className="ml-auto px-1" aria-label="New private channel" title="New private channel">+</button>
        </div>
        <ul>
          {props.privates.map((p) => (
            <li key={p.id}>
              <button type="button" className={item(props.current === p.channel, p.unread > 0, muted.has(p.channel))} title={`Members: ${p.members.join(", ")}`} onClick={() => props.onSelect(p.channel)}>
                <span className="truncate">{p.name}</span>
                <MutedMark muted={muted.has(p.channel)} />
                <Badge unread={props.current === p.channel ? 0 : p.unread} mentions={props.current === p.channel ? 0 : (props.mentions[p.channel] ?? 0)} muted={muted.has(p.channel)} />
              </button>
            </li>
          ))}
        </ul>
      </section>
      <hr className="border-border" />
      <section aria-labelledby="dm-heading">
        <div className="mb-1 flex items-center">
          <h2 id="dm-heading" className="text-sm font-bold">Direct Messages</h2>
          <button type="button" onClick={props.onNewDm} className="ml-auto px-1" aria-label="New direct message" title="New direct message">+</button>
        </div>
        <ul>
          {props.dms.map((dm) => (
            <li key={dm.channel} className="group flex items-center">
              <button type="button" className={item(props.current === dm.channel, dm.unread > 0, muted.has(dm.channel))} onClick={() => props.onSelect(dm.channel)}>
                <Avatar name={dm.users[0] ?? "?"} size={22} hasImage={props.avatars.has(dm.users[0] ?? "")} colors={props.colors} presence={props.online[dm.users[0] ?? ""]} />
                <span className="truncate">@ {dm.users.join(", ")}</span>
                <MutedMark muted={muted.has(dm.channel)} />
                <Badge unread={props.current === dm.channel ? 0 : dm.unread} mentions={props.current === dm.channel ? 0 : (props.mentions[dm.channel] ?? 0)} muted={muted.has(dm.channel)} />
              </button>
              <button type="button" className="px-1 text-muted opacity-0 group-hover:opacity-100 focus:opacity-100" title="Close conversation" aria-label={`Close conversation with ${dm.users.join(", ")}`} onClick={() => props.onCloseDm(dm.channel)}>
                {"\u00d7"}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <hr className="border-border" />
      {/* Not prefetched: the chat page asks nothing of the boards until the reader goes there. */}
      <Link href="/boards/" prefetch={false} className={item(false)}>
        <span aria-hidden="true">{"\u{1F4CB}"}</span>
        <span>Boards</span>
      </Link>
    </nav>
  );
}
