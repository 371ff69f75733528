"use client";

import { BellOff, ClipboardList, Plus, X } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "use-intl";
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
  const t = useTranslations("shell.sidebar");
  const format = useFormatter();
  // A muted channel asks for no attention: its mentions are counted quietly, its unread messages not at all.
  if (muted) {
    if (mentions === 0) return null;
    return (
      <span className="muted-badge ml-auto rounded-full border border-border px-1.5 text-xs text-muted" aria-label={t("mutedMentions", { count: mentions })}>
        @{format.number(mentions)}
      </span>
    );
  }
  if (mentions > 0) {
    return (
      <span
        className="mention-badge ml-auto rounded-full bg-mention-badge px-1.5 text-xs font-bold whitespace-nowrap text-mention-badge-fg"
        aria-label={t("mentionsAndUnread", { mentions, unread: Math.max(unread, mentions) })}
        title={t("mentions", { count: mentions })}
      >
        @{format.number(mentions)}
      </span>
    );
  }
  if (!unread) return null;
  return (
    <span className="unread-badge ml-auto rounded-full bg-badge px-1.5 text-xs font-bold text-badge-fg" aria-label={t("unread", { count: unread })}>
      {format.number(unread)}
    </span>
  );
}

const item = (active: boolean, unread = false, muted = false) =>
  `flex w-full items-center gap-2 rounded px-2 py-1 text-left text-sm ${active ? "active bg-accent text-accent-fg" : "hover:bg-raised"} ${unread && !active && !muted ? "font-semibold" : ""} ${muted && !active ? "muted text-muted" : ""}`;

/** The sign that a channel is muted (colour is not the only one). */
function MutedMark({ muted }: { muted: boolean }) {
  const t = useTranslations("shell.sidebar");
  if (!muted) return null;
  return (
    <span role="img" aria-label={t("muted")} title={t("mutedHint")} className="shrink-0">
      <BellOff aria-hidden="true" className="size-3.5" />
    </span>
  );
}

/** Channels, private channels and DMs, with unread and mention badges. */
export function Sidebar(props: SidebarProps) {
  const { muted } = useQuiet();
  const t = useTranslations("shell.sidebar");
  return (
    <nav aria-label={t("label")} className="flex h-full flex-col gap-3 overflow-y-auto p-3">
      <button type="button" onClick={props.onNewDm} className="rounded border border-border px-2 py-1 text-sm hover:bg-raised">
        {t("newDm")}
      </button>
      <section aria-labelledby="public-heading">
        <div className="mb-1 flex items-center">
          <h2 id="public-heading" className="text-sm font-bold">{t("publicChannels")}</h2>
          {props.onBrowse ? (
            <button type="button" onClick={props.onBrowse} className="ml-auto px-1 text-xs text-muted hover:underline" aria-label={t("browseChannels")} title={t("browseChannels")}>
              {t("browse")}
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
          <h2 id="private-heading" className="text-sm font-bold">{t("privateChannels")}</h2>
          <button type="button" onClick={props.onNewPrivate} className="ml-auto rounded p-0.5 hover:bg-raised" aria-label={t("newPrivate")} title={t("newPrivate")}>
            <Plus aria-hidden="true" className="size-4" />
          </button>
        </div>
        <ul>
          {props.privates.map((p) => (
            <li key={p.id}>
              <button type="button" className={item(props.current === p.channel, p.unread > 0, muted.has(p.channel))} title={t("members", { names: p.members.join(", ") })} onClick={() => props.onSelect(p.channel)}>
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
          <h2 id="dm-heading" className="text-sm font-bold">{t("directMessages")}</h2>
          <button type="button" onClick={props.onNewDm} className="ml-auto rounded p-0.5 hover:bg-raised" aria-label={t("newDirect")} title={t("newDirect")}>
            <Plus aria-hidden="true" className="size-4" />
          </button>
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
              <button type="button" className="px-1 text-muted opacity-0 group-hover:opacity-100 focus:opacity-100" title={t("closeConversation")} aria-label={t("closeConversationWith", { names: dm.users.join(", ") })} onClick={() => props.onCloseDm(dm.channel)}>
                <X aria-hidden="true" className="size-4" />
              </button>
            </li>
          ))}
        </ul>
      </section>
      <hr className="border-border" />
      {/* Not prefetched: the chat page asks nothing of the boards until the reader goes there. */}
      <Link href="/boards/" prefetch={false} className={item(false)}>
        <ClipboardList aria-hidden="true" className="size-4 shrink-0" />
        <span>{t("boards")}</span>
      </Link>
    </nav>
  );
}
