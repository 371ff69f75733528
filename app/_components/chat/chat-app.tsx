"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { mutate } from "swr";
import { enc, postForm, postJson } from "@/lib/client/api";
import { CHANNEL_NAME_MAX } from "@/lib/client/constants";
import type { DmEntry, Message, PrivateChannel } from "@/lib/client/types";
import { pythonFloat } from "@/lib/py-float";
import { AccountModal } from "./account-modal";
import { alertNewMessages, pageActive, unlockAudio, useMentionAlerts, usePageActive, usePageVisible, useUnreadAlerts } from "./alerts";
import { Avatar } from "./avatar";
import { Composer } from "./composer";
import { invalidateChannelCaches, seedChannel, useChangeEvents, useChannelMessages, usePolled } from "./hooks";
import { MessageList } from "./message-list";
import type { MessageContext } from "./message-item";
import { MembersModal } from "./members-modal";
import { Modal } from "./modal";
import { selectableIds, useShortcuts, useWheelFontSize, type VisualCommand } from "./keyboard";
import { HelpModal, SettingsModal, usePreferences } from "./preferences";
import { SearchPanel, type SearchHit } from "./search-panel";
import { OutgoingList, useOutgoing } from "./sending";
import { Sidebar } from "./sidebar";
import { UserInput } from "./user-input";

export interface ChatAppProps {
  me: string;
  channels: string[];
  maxUploadMb: number;
  maxAvatarMb: number;
  /** The first channel's newest page, rendered with the page (the rest comes through SWR's fallback). */
  initial?: { channel: string; messages: Message[] };
  /** `merge_window_seconds`: one sender's messages this close together share a header (0: never). */
  mergeWindowSeconds?: number;
}

/**
 * The server reports someone typing for up to six seconds after their last keystroke (a five-second
 * window over whole seconds), so their message usually lands while they are still listed.
 */
const TYPING_AFTER_MESSAGE_MS = 6000;

/**
 * Who is typing, less anyone whose message just arrived: their typing ended with it. The hush lasts
 * until the server stops reporting them (so typing again shows at once) or its report runs out.
 */
function useTypers(reported: string[] | undefined, channel: string, me: string) {
  const [hushed, setHushed] = useState<{ channel: string; at: ReadonlyMap<string, number> }>(() => ({ channel, at: new Map() }));
  const at = hushed.channel === channel ? hushed.at : null;
  useEffect(() => {
    if (!at?.size) return;
    const now = Date.now();
    const over = [...at].filter(([user, since]) => !reported?.includes(user) || now - since >= TYPING_AFTER_MESSAGE_MS);
    const drop = (users: string[]) =>
      setHushed((prev) => ({ channel: prev.channel, at: new Map([...prev.at].filter(([user]) => !users.includes(user))) }));
    if (over.length) return drop(over.map(([user]) => user));
    const next = Math.min(...[...at.values()]) + TYPING_AFTER_MESSAGE_MS - now;
    const timer = setTimeout(() => drop([...at].filter(([, since]) => Date.now() - since >= TYPING_AFTER_MESSAGE_MS).map(([user]) => user)), next);
    return () => clearTimeout(timer);
  }, [at, reported]);
  const hush = useCallback(
    (rows: Message[]) => {
      const senders = rows.filter((row) => row.sender !== me).map((row) => row.sender);
      if (!senders.length) return;
      const now = Date.now();
      setHushed((prev) => ({ channel, at: new Map([...(prev.channel === channel ? prev.at : []), ...senders.map((u): [string, number] => [u, now])]) }));
    },
    [channel, me],
  );
  return { typers: (reported ?? []).filter((user) => !at?.has(user)), hush };
}

function titleOf(channel: string, me: string, privates: PrivateChannel[]): string {
  if (channel.startsWith("dm:")) return "@ " + channel.slice(3).split(":").filter((u) => u !== me).join(", ");
  if (channel.startsWith("private:")) return privates.find((p) => p.channel === channel)?.name ?? "private channel";
  return `# ${channel}`;
}

/** Presence as the reference reports it: active on input, idle after 5 minutes, hidden/offline with the page. */
function usePresenceReporting() {
  useEffect(() => {
    let current = "";
    let lastActivity = Date.now();
    const send = (state: string) => {
      if (state === current) return;
      current = state;
      void postJson("/presence", { state }).catch(() => undefined);
    };
    const beacon = (state: string) => {
      current = state;
      navigator.sendBeacon?.("/presence", new Blob([JSON.stringify({ state })], { type: "application/json" }));
    };
    const active = () => {
      lastActivity = Date.now();
      if (!document.hidden) send("active");
    };
    send(document.hidden ? "hidden" : "active");
    const idleCheck = setInterval(() => {
      if (!document.hidden && Date.now() - lastActivity > 300_000) send("idle");
    }, 5000);
    const heartbeat = setInterval(() => {
      if (current && current !== "offline") void postJson("/presence", { state: current }).catch(() => undefined);
    }, 30_000);
    const visibility = () => (document.hidden ? beacon("hidden") : active());
    const hide = () => beacon("offline");
    for (const event of ["mousemove", "keydown", "mousedown", "touchstart"]) window.addEventListener(event, active, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    window.addEventListener("pagehide", hide);
    return () => {
      clearInterval(idleCheck);
      clearInterval(heartbeat);
      for (const event of ["mousemove", "keydown", "mousedown", "touchstart"]) window.removeEventListener(event, active);
      document.removeEventListener("visibilitychange", visibility);
      window.removeEventListener("pagehide", hide);
    };
  }, []);
}

/**
 * Signing out first takes the app down (its polls and event stream stop), lets requests in flight
 * settle, then leaves: nothing is left asking the server with a session that just ended.
 */
export function ChatApp(props: ChatAppProps) {
  const [signingOut, setSigningOut] = useState(false);
  useEffect(() => {
    if (!signingOut) return;
    const timer = setTimeout(() => window.location.assign(new URL("/logout", window.location.origin).href), 400);
    return () => clearTimeout(timer);
  }, [signingOut]);
  if (signingOut) return <p className="p-6 text-muted">Signing out{"\u2026"}</p>;
  return <Chat {...props} onSignOut={() => setSigningOut(true)} />;
}

function Chat({ me, channels, maxUploadMb, maxAvatarMb, initial, mergeWindowSeconds = 300, onSignOut }: ChatAppProps & { onSignOut: () => void }) {
  const [channel, setChannel] = useState(() => {
    if (initial) seedChannel(initial.channel, initial.messages);
    return initial?.channel ?? channels[0];
  });
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [modal, setModal] = useState<"account" | "dm" | "private" | "rename" | "members" | "settings" | "help" | null>(null);
  const prefs = usePreferences();
  const [drawer, setDrawer] = useState(false);
  const [toast, setToast] = useState<{ text: string; ok?: boolean } | null>(null);
  const [jumpTarget, setJumpTarget] = useState<number | null>(null);
  const [avatarVersion, setAvatarVersion] = useState(0);
  const [visual, setVisual] = useState<number | null>(null);
  const [visualCommand, setVisualCommand] = useState<{ id: number; kind: "edit" | "react"; seq: number } | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState<Message | null>(null);
  const active = usePageActive();
  const visible = usePageVisible();

  const unreads = usePolled<Record<string, number>>("/channel_unreads", 1000);
  const mentions = usePolled<Record<string, number>>("/channel_mentions", 1000);
  const privates = usePolled<PrivateChannel[]>("/private_channels", 1000);
  const dms = usePolled<DmEntry[]>("/dms", 1000);
  const online = usePolled<Record<string, string>>("/online_users", 1000);
  const dmUnread = usePolled<{ count: number }>("/unread_count", 5000);
  const colors = usePolled<Record<string, string>>("/user_colors", 30_000);
  const avatars = usePolled<string[]>("/user_avatars", 30_000);
  const users = usePolled<string[]>("/users", 30_000);
  const receipts = usePolled<Record<string, string[]>>(`/read_receipts/${enc(channel)}`, 3000);
  const typing = usePolled<string[]>(`/typing/${enc(channel)}`, 1000);
  const members = usePolled<string[]>(`/channel_members/${enc(channel)}`, 30_000);

  const markRead = useCallback(() => {
    if (document.hidden) return;
    void postForm(`/mark_read/${enc(channel)}`, {})
      .then(() => Promise.all([mutate("/channel_unreads"), mutate("/channel_mentions"), mutate("/private_channels"), mutate("/dms"), mutate("/unread_count")]))
      .catch(() => undefined);
  }, [channel]);

  const { typers, hush } = useTypers(typing.data, channel, me);
  const onNewMessages = useCallback(
    (rows: Message[]) => {
      markRead();
      hush(rows);
      alertNewMessages(rows, me, pageActive(), prefs);
    },
    [markRead, hush, me, prefs],
  );
  const { messages, loaded, hasOlder, refresh, loadOlder } = useChannelMessages(channel, onNewMessages);
  const outgoing = useOutgoing(useCallback(() => void refresh(), [refresh]));
  // Opening a channel (or the page) just after someone's message: it arrived before we looked, so
  // their typing has ended all the same.
  const typingChecked = useRef<string | null>(null);
  useEffect(() => {
    if (!loaded || typingChecked.current === channel) return;
    typingChecked.current = channel;
    const now = Date.now();
    hush(messages.filter((m) => now - m.ts * 1000 < TYPING_AFTER_MESSAGE_MS));
  }, [loaded, channel, messages, hush]);
  // Read once the first page is on screen: marking a long unread history read is real work for the
  // server, and the page the reader is waiting for goes first.
  // …and again whenever the page comes back into view.
  useEffect(() => {
    if (loaded && visible) markRead();
  }, [loaded, visible, markRead]);
  usePresenceReporting();
  useEffect(() => {
    // Browsers grant notifications and sound only after a gesture: ask on the first one.
    const ask = () => {
      unlockAudio();
      if (prefs.notifications && typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission();
    };
    window.addEventListener("pointerdown", ask, { once: true });
    window.addEventListener("keydown", ask, { once: true });
    return () => {
      window.removeEventListener("pointerdown", ask);
      window.removeEventListener("keydown", ask);
    };
  }, [prefs.notifications]);

  useChangeEvents((event) => {
    if (event.channel === channel && (event.kind === "messages" || event.kind === "reactions")) void refresh();
    if (event.channel === channel && event.kind === "receipts") void mutate(`/read_receipts/${enc(channel)}`);
    if (event.kind === "messages") {
      void mutate("/channel_unreads");
      void mutate("/channel_mentions");
    }
    if (event.kind === "dms") {
      void mutate("/dms");
      void mutate("/unread_count");
    }
    if (event.kind === "private_channels") void mutate("/private_channels");
    if (event.kind === "accounts") {
      invalidateChannelCaches();
      void refresh();
      for (const key of ["/users", "/user_colors", "/user_avatars", "/dms", "/channel_unreads", "/channel_mentions", "/private_channels"]) void mutate(key);
      void mutate(`/channel_members/${enc(channel)}`);
    }
  });

  /** Unread in public and private channels, but `skip`. */
  const channelUnread = (skip: string | null) =>
    Object.entries(unreads.data ?? {}).reduce((sum, [ch, n]) => sum + (ch === skip ? 0 : n), 0) +
    (privates.data ?? []).reduce((sum, p) => sum + (p.channel === skip ? 0 : p.unread), 0);
  // The open channel is read while it is on screen; while the page is hidden its news counts too.
  const total = channelUnread(visible ? channel : null) + (dmUnread.data?.count ?? 0);
  useEffect(() => {
    document.title = total > 0 ? `(${total}) MiniMost` : "MiniMost";
    setFaviconDot(total > 0);
  }, [total]);
  // News in the open channel alerts as it arrives (alertNewMessages); the total's alert covers the rest.
  const elsewhere = channelUnread(channel) + (dms.data ?? []).reduce((sum, d) => sum + (d.channel === channel ? 0 : d.unread), 0);
  useUnreadAlerts(elsewhere, active, prefs);
  // An installed app's icon shows the unread direct messages.
  const dmCount = dmUnread.data?.count ?? 0;
  useEffect(() => {
    const nav = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
    if (dmCount > 0) void nav.setAppBadge?.(dmCount).catch(() => undefined);
    else void nav.clearAppBadge?.().catch(() => undefined);
  }, [dmCount]);

  const userSet = useMemo(() => new Set([me, ...(users.data ?? [])].map((u) => u.toLowerCase())), [me, users.data]);
  const avatarSet = useMemo(() => new Set(avatars.data ?? []), [avatars.data]);
  const ctx: MessageContext = useMemo(
    () => ({
      me,
      users: userSet,
      colors: colors.data ?? {},
      avatars: avatarSet,
      avatarVersion,
      readersOf: (m: Message) => receipts.data?.[pythonFloat(m.ts)] ?? [],
      onReply: setReplyTo,
      onDelete: setConfirmingDelete,
      onChanged: () => void refresh(),
      onError: (text: string) => setToast({ text }),
      jumpTo: (id: number) => {
        setJumpTarget(id);
        setTimeout(() => document.getElementById(`msg-${id}`)?.scrollIntoView({ block: "center" }), 50);
      },
    }),
    [me, userSet, colors.data, avatarSet, avatarVersion, receipts.data, refresh],
  );

  const select = useCallback((next: string) => {
    setChannel(next);
    setReplyTo(null);
    setDrawer(false);
    setVisual(null);
    setVisualCommand(null);
  }, []);
  const sidebarOrder = useMemo<[string, string][]>(
    () => [
      ...channels.map((c): [string, string] => [c, `# ${c}`]),
      ...(privates.data ?? []).map((p): [string, string] => [p.channel, p.name]),
      ...(dms.data ?? []).map((d): [string, string] => [d.channel, `@ ${d.users.join(", ")}`]),
    ],
    [channels, privates.data, dms.data],
  );
  const openDm = (user: string) => {
    setModal(null);
    select("dm:" + [me, user].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(":"));
  };
  const jumpToHit = (hit: SearchHit) => {
    select(hit.channel);
    setJumpTarget(hit.id);
  };
  const focusComposer = () => document.querySelector<HTMLTextAreaElement>("textarea[aria-label^='Message ']")?.focus();
  // Deleting from the keyboard takes d twice (as in vim): one stray key never loses a message.
  const armedDelete = useRef<{ id: number; at: number } | null>(null);
  const enterVisual = (id: number | null) => {
    setVisualCommand(null);
    armedDelete.current = null;
    setVisual(id);
  };
  const onVisual = (id: number, command: VisualCommand) => {
    const target = messages.find((m) => m.id === id);
    if (!target) return;
    const mine = target.sender === me;
    const armed = armedDelete.current;
    armedDelete.current = null;
    if (command === "reply") {
      setVisual(null);
      setReplyTo(target);
      focusComposer();
    } else if (command === "copy") {
      void navigator.clipboard?.writeText(target.content).then(
        () => setToast({ text: "Message copied.", ok: true }),
        () => setToast({ text: "Could not copy the message." }),
      );
    } else if (command === "react") {
      setVisual(null);
      setVisualCommand({ id, kind: "react", seq: Date.now() });
    } else if (!mine) {
      setToast({ text: `You can only ${command} your own messages.` });
    } else if (command === "edit") {
      if (target.filename) return setToast({ text: "Attachments cannot be edited." });
      setVisual(null);
      setVisualCommand({ id, kind: "edit", seq: Date.now() });
    } else if (!armed || armed.id !== id || Date.now() - armed.at > 3000) {
      armedDelete.current = { id, at: Date.now() };
      setToast({ text: "Press d again to delete this message." });
    } else {
      setToast(null);
      setConfirmingDelete(target);
    }
  };
  /** Every delete (button or d d) ends here, once confirmed in the dialog. */
  const deleteConfirmed = (target: Message) => {
    setConfirmingDelete(null);
    if (visual === target.id) {
      const rows = selectableIds();
      const at = rows.indexOf(target.id);
      setVisual(rows[at - 1] ?? rows[at + 1] ?? null);
    }
    void postForm(`/delete/${target.id}`, {}).then(() => void refresh(), () => setToast({ text: "Could not delete message" }));
  };
  const selectedMessage = visual === null ? null : messages.find((m) => m.id === visual);
  useWheelFontSize(prefs.fontSize);
  useShortcuts({
    focusComposer,
    focusSearch: () => document.getElementById("search-input")?.focus(),
    newDm: () => setModal("dm"),
    help: () => setModal("help"),
    step: (delta) => {
      const ids = sidebarOrder.map(([id]) => id);
      const at = ids.indexOf(channel);
      if (ids.length) select(ids[(at + delta + ids.length) % ids.length]);
    },
    scroll: (by) => {
      const list = document.querySelector<HTMLElement>("[data-testid='message-list']");
      if (list) list.scrollTop = by === "top" ? 0 : by === "bottom" ? list.scrollHeight : list.scrollTop + by;
    },
    visual,
    setVisual: enterVisual,
    onVisual,
    closeAll: () => {
      setModal(null);
      setDrawer(false);
    },
  });
  const closeDm = async (dm: string) => {
    await postJson("/dms/close", { channel: dm }).catch(() => undefined);
    void mutate("/dms");
    if (dm === channel) select(channels[0]);
  };
  const title = titleOf(channel, me, privates.data ?? []);
  useMentionAlerts(
    mentions.data,
    channel,
    (id) => titleOf(id, me, privates.data ?? []),
    prefs,
    (where) => setToast({ text: `You were mentioned in ${where.map((id) => titleOf(id, me, privates.data ?? [])).join(", ")}.`, ok: true }),
  );

  return (
    <div className="flex h-dvh overflow-hidden" style={{ fontSize: prefs.fontSize }}>
      <aside className={`${drawer ? "fixed inset-0 z-30 flex" : "hidden"} w-full max-w-[260px] shrink-0 flex-col border-r border-border bg-surface md:static md:flex`}>
        <Sidebar
          channels={channels}
          unreads={unreads.data ?? {}}
          mentions={mentions.data ?? {}}
          privates={privates.data ?? []}
          dms={dms.data ?? []}
          current={channel}
          online={online.data ?? {}}
          avatars={avatarSet}
          colors={colors.data ?? {}}
          onSelect={select}
          onCloseDm={(dm) => void closeDm(dm)}
          onNewDm={() => setModal("dm")}
          onNewPrivate={() => setModal("private")}
        />
      </aside>
      {drawer ? <div className="fixed inset-0 z-20 bg-black/50 md:hidden" onClick={() => setDrawer(false)} /> : null}
      <main className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-1 border-b border-border bg-surface px-2 py-2 sm:gap-2 sm:px-3">
          <button type="button" className="px-2 md:hidden" aria-label="Open channels" onClick={() => setDrawer(true)}>{"\u2630"}</button>
          <h1 className="min-w-[5.5rem] truncate md:min-w-0 text-lg font-semibold" data-testid="channel-title">{title}</h1>
          {channel.startsWith("private:") ? (
            <button type="button" className="rounded px-1 text-sm text-muted hover:bg-raised" aria-label="Rename channel" title="Rename channel" onClick={() => setModal("rename")}>
              {"\u270e"}
            </button>
          ) : null}
          <button type="button" className="rounded px-1 text-sm whitespace-nowrap text-muted hover:bg-raised" aria-label={`Members (${(members.data?.length ?? 0) + 1})`} title="Members" onClick={() => setModal("members")}>
            {"\u{1F465}"} {(members.data?.length ?? 0) + 1}
          </button>
          <div className="ml-auto flex min-w-[5rem] flex-1 justify-end">
            <SearchPanel me={me} users={users.data ?? []} channels={sidebarOrder} onJump={jumpToHit} />
          </div>
          <button type="button" className="hidden rounded px-2 py-1 hover:bg-raised sm:block" aria-label="Help" title="Help" onClick={() => setModal("help")}>?</button>
          <button type="button" className="rounded px-2 py-1 hover:bg-raised" aria-label="Settings" title="Settings" onClick={() => setModal("settings")}>{"\u2699"}</button>
          <button type="button" className="flex items-center gap-2 rounded px-2 py-1 hover:bg-raised" aria-label="Account" onClick={() => setModal("account")}>
            <Avatar name={me} size={26} hasImage={avatarSet.has(me)} colors={colors.data} presence={online.data?.[me]} version={avatarVersion} />
            <span className="hidden text-sm sm:inline" data-testid="current-user">{me}</span>
          </button>
          <button type="button" onClick={onSignOut} className="hidden rounded border border-border px-2 py-1 text-sm whitespace-nowrap hover:bg-raised sm:block">Sign out</button>
        </header>
        <MessageList
          key={`list:${channel}`}
          messages={messages}
          loaded={loaded}
          ctx={ctx}
          jumpTarget={jumpTarget}
          mergeWindowSeconds={mergeWindowSeconds}
          hasOlder={hasOlder}
          onNeedOlder={() => void loadOlder()}
          selected={visual}
          command={visualCommand}
        />
        <OutgoingList items={outgoing.items.filter((i) => i.channel === channel)} onRetry={outgoing.retry} onDiscard={outgoing.discard} />
        <div className="h-5 px-4 text-xs text-muted" aria-live="polite" data-testid="typing">
          {typers.length === 0 ? "" : typers.length > 2 ? "Several people are typing\u2026" : `${typers.join(" and ")} ${typers.length === 1 ? "is" : "are"} typing\u2026`}
        </div>
        {visual !== null ? (
          <p className="mx-3 mb-1 text-xs text-muted" role="status">
            {selectedMessage ? `Selected: ${selectedMessage.sender}, \u201c${selectedMessage.content.slice(0, 60)}\u201d. ` : ""}
            Visual mode: j/k move, c edit, d d delete, o reply, y copy, e react, Esc leave
          </p>
        ) : null}
        {toast ? (
          <p role={toast.ok ? "status" : "alert"} className={`mx-3 mb-1 rounded px-2 py-1 text-sm ${toast.ok ? "bg-ok/15 text-ok" : "bg-danger/15 text-danger"}`}>
            {toast.text} <button type="button" className="ml-2 underline" onClick={() => setToast(null)}>Dismiss</button>
          </p>
        ) : null}
        <Composer
          key={`composer:${channel}`}
          channel={channel}
          members={members.data ?? []}
          label={title}
          maxUploadMb={maxUploadMb}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onSend={outgoing.send}
          enterSends={prefs.enterSends}
        />
      </main>
      {modal === "account" ? (
        <AccountModal
          me={me}
          hasAvatar={avatarSet.has(me)}
          avatarVersion={avatarVersion}
          maxAvatarMb={maxAvatarMb}
          colors={colors.data ?? {}}
          onClose={() => setModal(null)}
          onSignOut={onSignOut}
          onSaved={() => {
            setAvatarVersion((v) => v + 1);
            void mutate("/user_avatars");
            void mutate("/user_colors");
          }}
        />
      ) : null}
      {modal === "members" ? (
        <MembersModal
          me={me}
          title={title}
          members={members.data ?? []}
          users={users.data ?? []}
          privateId={channel.startsWith("private:") ? Number(channel.slice(8)) : null}
          online={online.data ?? {}}
          avatars={avatarSet}
          colors={colors.data ?? {}}
          onDm={openDm}
          onChanged={() => {
            void mutate(`/channel_members/${enc(channel)}`);
            void mutate("/private_channels");
          }}
          onLeft={() => {
            setModal(null);
            void mutate("/private_channels");
            select(channels[0]);
          }}
          onClose={() => setModal(null)}
        />
      ) : null}
      {confirmingDelete ? (
        <ConfirmDeleteModal message={confirmingDelete} onCancel={() => setConfirmingDelete(null)} onConfirm={() => deleteConfirmed(confirmingDelete)} />
      ) : null}
      {modal === "settings" ? <SettingsModal onClose={() => setModal(null)} onHelp={() => setModal("help")} /> : null}
      {modal === "help" ? <HelpModal maxUploadMb={maxUploadMb} maxAvatarMb={maxAvatarMb} onClose={() => setModal(null)} /> : null}
      {modal === "dm" ? <NewDmModal me={me} users={users.data ?? []} onClose={() => setModal(null)} onOpen={(id) => { setModal(null); select(id); }} /> : null}
      {modal === "rename" && channel.startsWith("private:") ? (
        <RenameModal
          id={Number(channel.slice(8))}
          current={title}
          onClose={() => setModal(null)}
          onRenamed={() => {
            setModal(null);
            void mutate("/private_channels");
          }}
        />
      ) : null}
      {modal === "private" ? <NewPrivateModal users={users.data ?? []} onClose={() => setModal(null)} onCreated={(id) => { setModal(null); void mutate("/private_channels"); select(id); }} /> : null}
    </div>
  );
}

/** Nothing is deleted without this: the message quoted, Delete focused (Enter confirms), Esc cancels. */
function ConfirmDeleteModal({ message, onCancel, onConfirm }: { message: Message; onCancel: () => void; onConfirm: () => void }) {
  const quote = message.filename ? "[attachment]" : message.content.length > 140 ? `${message.content.slice(0, 140)}\u2026` : message.content;
  return (
    <Modal title="Delete message" onClose={onCancel}>
      <p className="text-sm">Delete this message? This cannot be undone.</p>
      <blockquote className="mt-2 border-l-2 border-border pl-2 text-sm break-words whitespace-pre-wrap text-muted">{quote}</blockquote>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded border border-border px-3 py-1">Cancel</button>
        <button type="button" data-autofocus onClick={onConfirm} className="rounded bg-danger px-3 py-1 font-semibold text-bg">Delete</button>
      </div>
    </Modal>
  );
}

function NewDmModal({ me, users, onClose, onOpen }: { me: string; users: string[]; onClose: () => void; onOpen: (id: string) => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const start = () => {
    const names = value.split(",").map((v) => v.trim()).filter(Boolean);
    const known = new Map(users.map((u) => [u.toLowerCase(), u]));
    const unknown = names.filter((n) => !known.has(n.toLowerCase()));
    if (names.length === 0 || unknown.length) return setError(unknown.length ? `Unknown user: ${unknown.join(", ")}` : "Enter at least one username.");
    const all = [...new Set([me, ...names.map((n) => known.get(n.toLowerCase())!)])];
    onOpen("dm:" + all.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)).join(":"));
  };
  return (
    <Modal title="Start Direct Message" onClose={onClose}>
      <UserInput value={value} onChange={setValue} users={users} multiple label="Usernames" placeholder="Enter usernames (comma separated)" onSubmit={start} />
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={start} className="mt-3 rounded bg-accent px-3 py-1 text-accent-fg">Start</button>
    </Modal>
  );
}

function NewPrivateModal({ users, onClose, onCreated }: { users: string[]; onClose: () => void; onCreated: (channel: string) => void }) {
  const [name, setName] = useState("");
  const [members, setMembers] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    const problem = channelNameProblem(name);
    if (problem) return setError(problem);
    try {
      const created = await postJson<{ channel: string }>("/private_channels/create", {
        name,
        members: members.split(",").map((m) => m.trim()).filter(Boolean),
      });
      onCreated(created.channel);
    } catch (err) {
      setError(`Failed to create channel: ${(err as Error).message}`);
    }
  };
  return (
    <Modal title="New Private Channel" onClose={onClose}>
      <label className="mb-2 block text-sm">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1" />
      </label>
      <div className="mb-2 text-sm">
        <span aria-hidden className="mb-1 block">Members (comma separated)</span>
        <UserInput value={members} onChange={setMembers} users={users} multiple label="Members (comma separated)" placeholder="Members (comma separated)" />
      </div>
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={() => void create()} className="mt-2 rounded bg-accent px-3 py-1 text-accent-fg">Create</button>
    </Modal>
  );
}

/** Why a private channel name would be refused, counted in characters as the server counts them. */
function channelNameProblem(raw: string): string | null {
  const length = [...raw.trim()].length;
  if (length === 0) return "Enter a name.";
  if (length > CHANNEL_NAME_MAX) return `Channel name must be ${CHANNEL_NAME_MAX} characters or fewer (${length}/${CHANNEL_NAME_MAX}).`;
  return null;
}

/** Rename a private channel: prefilled, Enter saves, Esc closes; the server's refusal is shown. */
function RenameModal({ id, current, onClose, onRenamed }: { id: number; current: string; onClose: () => void; onRenamed: () => void }) {
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const problem = channelNameProblem(name);
    if (problem) return setError(problem);
    try {
      await postJson(`/private_channels/${id}/rename`, { name: name.trim() });
      onRenamed();
    } catch (err) {
      setError(`Failed to rename channel: ${(err as Error).message}`);
    }
  };
  return (
    <Modal title="Rename Channel" onClose={onClose}>
      <label className="block text-sm">
        Name
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && void save()}
          className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1"
        />
      </label>
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={() => void save()} className="mt-3 rounded bg-accent px-3 py-1 text-accent-fg">Rename</button>
    </Modal>
  );
}

/** The favicon carries a red dot while anything is unread. */
function setFaviconDot(on: boolean) {
  const link = document.querySelector<HTMLLinkElement>("link[rel~='icon']");
  if (!link) return;
  link.dataset.plain ??= link.href;
  if (!on) {
    link.href = link.dataset.plain;
    return;
  }
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 32;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.drawImage(image, 0, 0, 32, 32);
    g.fillStyle = "#e74c3c";
    g.beginPath();
    g.arc(25, 7, 7, 0, Math.PI * 2);
    g.fill();
    link.href = canvas.toDataURL("image/png");
  };
  image.src = link.dataset.plain;
}
