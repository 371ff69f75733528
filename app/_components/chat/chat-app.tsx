"use client";

/**
 * The web client (spec §5): composes the data hooks (`data/`), the sidebar, the conversation, the
 * composer and the dialogs. Each part lives in its own module; this file wires them together.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslations } from "use-intl";
import { postForm } from "@/lib/client/api";
import { switcherItems } from "@/lib/client/switcher";
import type { ThemeChoice } from "@/lib/client/theme-choice";
import type { Message } from "@/lib/client/types";
import { pythonFloat } from "@/lib/py-float";
import { AccountModal } from "./account-modal";
import { alertNewMessages, pageActive, useAlertPermission, useMentionAlerts, usePageActive, usePageVisible, useUnreadAlerts } from "./alerts";
import { BrowseChannels } from "./browse-channels";
import { ChannelHeader } from "./channel-header";
import { dmChannelOf, titleOf } from "./channel-title";
import { Composer } from "./composer";
import { ConfirmDeleteModal } from "./confirm-delete-modal";
import { refreshChannelMembers, useChannelMembers, useReadReceipts, useTyping } from "./data/channel";
import { isReadHeld, linkedMessage, releaseReadHold, runMessageAction, usePins, useSaved } from "./data/actions";
import { publicChannelName, setChannelPurpose, setNotifyLevel, useSidebarChannels } from "./data/channels";
import { closeDm, refreshPrivateChannels, useDms, usePrivateChannels } from "./data/conversations";
import { useLiveUpdates } from "./data/events";
import { invalidateChannelCaches, seedChannel, useMessages } from "./data/messages";
import { refreshProfileLooks, useUserAvatars, useUserColors, useUsers } from "./data/people";
import { usePresence, usePresenceReporting } from "./data/presence";
import { useQuiet } from "./data/quiet";
import { markChannelRead, useDmUnreadCount, useMentions, useUnreads } from "./data/unreads";
import { HelpModal } from "./help-modal";
import { focusComposer, useShortcuts, useWheelFontSize } from "./keyboard";
import { MembersModal } from "./members-modal";
import { EditHistoryModal, PinnedMessagesModal, SavedMessagesModal, type MessageAction } from "./message-actions";
import type { MessageContext } from "./message-item";
import { MessageList } from "./message-list";
import { isThreadOnly } from "./data/threads";
import { FollowedThreadsPanel, ThreadPanel, ThreadsButton } from "./thread-panel";
import { NewDmModal } from "./new-dm-modal";
import { NewPrivateModal } from "./new-private-modal";
import { usePreferences } from "./preferences";
import { QuickSwitcher, rememberRecent } from "./quick-switcher";
import { RenameModal } from "./rename-modal";
import type { SearchHit } from "./search-panel";
import { isBakCommand, OutgoingList, useOutgoing, type Outgoing } from "./sending";
import { SettingsModal } from "./settings-modal";
import { Sidebar } from "./sidebar";
import { useSlowDownNotice } from "./slow-down";
import { useServerTheme } from "./theme";
import { Toast, type ToastNote } from "./toast";
import { TypingLine, useHushOnOpen, useTypers } from "./typing";
import { useUnreadIndicators } from "./unread-indicators";
import { useVisualMode, VisualModeStatus } from "./visual-mode";

export interface ChatAppProps {
  me: string;
  channels: string[];
  maxUploadMb: number;
  maxAvatarMb: number;
  /** The first channel's newest page, rendered with the page (the rest comes through SWR's fallback). */
  initial?: { channel: string; messages: Message[] };
  /** `merge_window_seconds`: one sender's messages this close together share a header (0: never). */
  mergeWindowSeconds?: number;
  /** settings.json `tribune.time_zone` (IANA name): norloges in messages are read on this clock. */
  tribuneTimeZone?: string;
  /** The user's theme as the server has it (GET /settings `theme`); it wins over this browser's cookie. */
  theme?: ThemeChoice;
}

/**
 * Signing out first takes the app down (its polls and event stream stop), lets requests in flight
 * settle, then leaves: nothing is left asking the server with a session that just ended.
 */
export function ChatApp(props: ChatAppProps) {
  const t = useTranslations("shell.app");
  const [signingOut, setSigningOut] = useState(false);
  useServerTheme(props.theme);
  useEffect(() => {
    if (!signingOut) return;
    const timer = setTimeout(() => window.location.assign(new URL("/logout", window.location.origin).href), 400);
    return () => clearTimeout(timer);
  }, [signingOut]);
  if (signingOut) return <p className="p-6 text-muted">{t("signingOut")}</p>;
  return <Chat {...props} onSignOut={() => setSigningOut(true)} />;
}

type ModalName = "account" | "dm" | "private" | "rename" | "members" | "settings" | "help" | "switcher" | "browse";

function Chat({ me, channels: configuredChannels, maxUploadMb, maxAvatarMb, initial, mergeWindowSeconds = 300, tribuneTimeZone = "UTC", onSignOut }: ChatAppProps & { onSignOut: () => void }) {
  const t = useTranslations("shell.app");
  const tAlerts = useTranslations("shell.alerts");
  // Where the app opens and where leaving a conversation returns: settings always name a channel.
  const home = configuredChannels[0]!;
  // What is on screen
  const [channel, setChannel] = useState(() => {
    if (initial) seedChannel(initial.channel, initial.messages);
    return initial?.channel ?? home;
  });
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [threadRoot, setThreadRoot] = useState<number | null>(null); // the thread panel's root (issue 16)
  const [threadsOpen, setThreadsOpen] = useState(false); // the Threads view, where no thread panel is open
  const [modal, setModal] = useState<ModalName | null>(null);
  const prefs = usePreferences();
  const [drawer, setDrawer] = useState(false);
  const [toast, setToast] = useState<ToastNote | null>(null);
  // A norloge put into the message box by clicking a message's time.
  const [insertion, setInsertion] = useState<{ text: string; seq: number } | null>(null);
  const answerWith = useCallback((text: string) => setInsertion((prev) => ({ text, seq: (prev?.seq ?? 0) + 1 })), []);
  const [jumpTarget, setJumpTarget] = useState<number | null>(null);
  const [avatarVersion, setAvatarVersion] = useState(0);
  const [confirmingDelete, setConfirmingDelete] = useState<Message | null>(null);
  // Message actions (issue 16): the open list (pins of this channel, saved) and the history shown.
  const [actionList, setActionList] = useState<"pins" | "saved" | null>(null);
  const [historyOf, setHistoryOf] = useState<number | null>(null);
  const active = usePageActive();
  const visible = usePageVisible();

  // What the server knows, polled at the reference's cadence (data/)
  const unreads = useUnreads();
  const mentions = useMentions();
  const privates = usePrivateChannels();
  const dms = useDms();
  const online = usePresence();
  const dmUnread = useDmUnreadCount();
  const colors = useUserColors();
  const avatars = useUserAvatars();
  const users = useUsers();
  // Public channels (issue 16): the sidebar's are the joined ones not archived, under their given names.
  const { channels, list: publicList } = useSidebarChannels(configuredChannels);
  const publicInfo = publicList?.find((c) => c.id === channel);
  const receipts = useReadReceipts(channel);
  const typing = useTyping(channel);
  const members = useChannelMembers(channel);

  // The open channel's messages; news in it is read, ends its sender's typing and may alert
  // A channel the reader marked unread stays unread while they look at it (until they leave it).
  const markRead = useCallback(() => {
    if (!isReadHeld(channel)) markChannelRead(channel);
  }, [channel]);
  const { typers, hush } = useTypers(typing.data, channel, me);
  const onNewMessages = useCallback(
    (rows: Message[]) => {
      markRead();
      hush(rows);
      alertNewMessages(rows, me, pageActive(), prefs, tAlerts);
    },
    [markRead, hush, me, prefs, tAlerts],
  );
  const { messages, loaded, hasOlder, refresh, loadOlder } = useMessages(channel, onNewMessages);
  // Replies kept to their thread show in the thread panel and as their root's count, not in the channel.
  const channelRows = useMemo(() => messages.filter((m) => !isThreadOnly(m)), [messages]);
  const outgoing = useOutgoing(
    useCallback(
      (item: Outgoing) => {
        // New filters change what every public channel shows: each reloads its newest page.
        if (isBakCommand(item.text)) {
          invalidateChannelCaches();
          setToast({ text: t("bakUpdated"), ok: true });
        }
        void refresh();
      },
      [refresh, t],
    ),
  );
  useHushOnOpen(channel, loaded, messages, hush);
  // Read once the first page is on screen: marking a long unread history read is real work for the
  // server, and the page the reader is waiting for goes first.
  // …and again whenever the page comes back into view.
  useEffect(() => {
    if (loaded && visible) markRead();
  }, [loaded, visible, markRead]);
  usePresenceReporting();
  useAlertPermission(prefs.notifications);
  useLiveUpdates(channel, refresh);

  // Unread counts outside the page, and alerts for news elsewhere
  // A muted channel counts nowhere: no title count, no favicon dot, no chime.
  const { muted, mentionsOnly } = useQuiet();
  /** Unread in public and private channels, but `skip` and the muted ones. */
  // A channel set to "mentions" counts none of its plain messages either; its mentions alert on their own.
  const quietHere = (ch: string) => muted.has(ch) || mentionsOnly.has(ch);
  const channelUnread = (skip: string | null) =>
    Object.entries(unreads.data ?? {}).reduce((sum, [ch, n]) => sum + (ch === skip || quietHere(ch) ? 0 : n), 0) +
    (privates.data ?? []).reduce((sum, p) => sum + (p.channel === skip || quietHere(p.channel) ? 0 : p.unread), 0);
  // The open channel is read while it is on screen; while the page is hidden its news counts too.
  const total = channelUnread(visible ? channel : null) + (dmUnread.data?.count ?? 0);
  // News in the open channel alerts as it arrives (alertNewMessages); the total's alert covers the rest.
  const elsewhere =
    channelUnread(channel) + (dms.data ?? []).reduce((sum, d) => sum + (d.channel === channel || quietHere(d.channel) ? 0 : d.unread), 0);
  useUnreadIndicators(total, dmUnread.data?.count ?? 0);
  useUnreadAlerts(elsewhere, active, prefs);

  // What every message row needs
  const userSet = useMemo(() => new Set([me, ...(users.data ?? [])].map((u) => u.toLowerCase())), [me, users.data]);
  const avatarSet = useMemo(() => new Set(avatars.data ?? []), [avatars.data]);
  const pins = usePins(channel);
  const savedList = useSaved();
  const pinnedIds = useMemo(() => new Set((pins.data ?? []).map((m) => m.id)), [pins.data]);
  const savedIds = useMemo(() => new Set((savedList.data ?? []).map((m) => m.id)), [savedList.data]);
  const onAction = useCallback((action: MessageAction, m: Message) => {
    if (action === "history") setHistoryOf(m.id);
    else void runMessageAction(action, m).then((outcome) => setToast(outcome.ok ? { text: t(`actions.${outcome.done}`), ok: true } : { text: outcome.reason ?? t("actions.failed") }));
  }, [t]);
  const ctx: MessageContext = useMemo(
    () => ({
      me,
      users: userSet,
      colors: colors.data ?? {},
      avatars: avatarSet,
      avatarVersion,
      readersOf: (m: Message) => receipts.data?.[pythonFloat(m.ts)] ?? [],
      onReply: setReplyTo,
      onOpenThread: setThreadRoot,
      onDelete: setConfirmingDelete,
      onChanged: () => void refresh(),
      onError: (text: string) => setToast({ text }),
      jumpTo: (id: number) => {
        setJumpTarget(id);
        setTimeout(() => document.getElementById(`msg-${id}`)?.scrollIntoView({ block: "center" }), 50);
      },
      pinned: pinnedIds,
      saved: savedIds,
      onAction,
    }),
    [me, userSet, colors.data, avatarSet, avatarVersion, receipts.data, refresh, pinnedIds, savedIds, onAction],
  );

  useSlowDownNotice(setToast);

  // Moving between channels
  const visual = useVisualMode({ messages, me, onReply: setReplyTo, onDelete: setConfirmingDelete, say: setToast });
  const resetVisual = visual.reset;
  const select = useCallback(
    (next: string) => {
      setChannel((previous) => {
        releaseReadHold(previous); // leaving a channel marked unread: it is read as usual next time
        return next;
      });
      setReplyTo(null);
      setThreadRoot(null);
      setDrawer(false);
      resetVisual();
    },
    [resetVisual],
  );
  const sidebarOrder = useMemo<[string, string][]>(
    () => [
      ...channels.map((c): [string, string] => [c, titleOf(c, me, [], "")]), // public: named by their id or given name
      ...(privates.data ?? []).map((p): [string, string] => [p.channel, p.name]),
      ...(dms.data ?? []).map((d): [string, string] => [d.channel, `@ ${d.users.join(", ")}`]),
    ],
    [channels, privates.data, dms.data, me],
  );
  // The quick switcher lists recently opened conversations first.
  useEffect(() => rememberRecent(channel), [channel]);
  const openDm = (user: string) => {
    setModal(null);
    select(dmChannelOf([me, user]));
  };
  const jumpToHit = (hit: Pick<SearchHit, "channel" | "id">) => {
    select(hit.channel);
    setJumpTarget(hit.id);
  };
  // A permalink (/m/<id> leads to /?channel=<ch>&message=<id>): open its channel at the message, once.
  useEffect(() => {
    const linked = linkedMessage();
    if (!linked) return;
    // After this render, and only once: the address drops the link, so a reload opens the chat as usual.
    const timer = setTimeout(() => {
      window.history.replaceState(null, "", "/");
      select(linked.channel);
      setJumpTarget(linked.id);
    }, 0);
    return () => clearTimeout(timer);
  }, [select]);
  const closeDmAndLeave = async (dm: string) => {
    await closeDm(dm);
    if (dm === channel) select(home);
  };

  /** Every delete (button or d d) ends here, once confirmed in the dialog. */
  const deleteConfirmed = (target: Message) => {
    setConfirmingDelete(null);
    visual.deleting(target);
    void postForm(`/delete/${target.id}`, {}).then(() => void refresh(), () => setToast({ text: t("deleteFailed") }));
  };

  // The keyboard
  useWheelFontSize(prefs.fontSize);
  useShortcuts({
    focusComposer,
    focusSearch: () => document.getElementById("search-input")?.focus(),
    newDm: () => setModal("dm"),
    help: () => setModal("help"),
    quickSwitch: () => setModal((open) => (open === "switcher" ? null : "switcher")),
    step: (delta) => {
      const ids = sidebarOrder.map(([id]) => id);
      const at = ids.indexOf(channel);
      const next = ids[(at + delta + ids.length) % ids.length];
      if (next !== undefined) select(next);
    },
    scroll: (by) => {
      const list = document.querySelector<HTMLElement>("[data-testid='message-list']");
      if (list) list.scrollTop = by === "top" ? 0 : by === "bottom" ? list.scrollHeight : list.scrollTop + by;
    },
    visual: visual.selected,
    setVisual: visual.select,
    onVisual: visual.run,
    closeAll: () => {
      setModal(null);
      setDrawer(false);
    },
  });

  const nameOf = (id: string) => titleOf(id, me, privates.data ?? [], t("privateChannel"));
  const title = nameOf(channel);
  useMentionAlerts(mentions.data, channel, nameOf, prefs, (where) => setToast({ text: t("mentionedIn", { channels: where.map(nameOf).join(", ") }), ok: true }));

  return (
    <div className="flex h-dvh overflow-hidden" style={{ fontSize: prefs.fontSize }}>
      <aside className={`${drawer ? "fixed inset-0 z-30 flex" : "hidden"} w-full max-w-[260px] shrink-0 flex-col border-r border-border bg-surface md:static md:flex`}>
        {/* The quick switcher for the mouse and for touch screens, which have no Ctrl+K. */}
        <button
          type="button"
          onClick={() => {
            setDrawer(false);
            setModal("switcher");
          }}
          aria-keyshortcuts="Control+K Meta+K"
          className="mx-3 mt-3 flex items-center gap-2 rounded border border-border px-2 py-1 text-left text-sm text-muted hover:bg-raised"
        >
          {t("findChannel")}
          <kbd className="ml-auto font-mono text-xs" aria-hidden="true">Ctrl+K</kbd>
        </button>
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
          onCloseDm={(dm) => void closeDmAndLeave(dm)}
          onNewDm={() => setModal("dm")}
          onNewPrivate={() => setModal("private")}
          onBrowse={() => {
            setDrawer(false);
            setModal("browse");
          }}
        />
      </aside>
      {drawer ? <div className="fixed inset-0 z-20 bg-black/50 md:hidden" onClick={() => setDrawer(false)} /> : null}
      <main className="flex min-w-0 flex-1 flex-col">
        <ChannelHeader
          me={me}
          channel={channel}
          title={title}
          memberCount={members.data?.length ?? 0}
          users={users.data ?? []}
          channels={sidebarOrder}
          hasAvatar={avatarSet.has(me)}
          avatarVersion={avatarVersion}
          colors={colors.data}
          presence={online.data?.[me]}
          onOpenDrawer={() => setDrawer(true)}
          onRename={() => setModal("rename")}
          onMembers={() => setModal("members")}
          onPins={() => setActionList("pins")}
          onSaved={() => setActionList("saved")}
          threads={<ThreadsButton onOpen={() => { setThreadRoot(null); setThreadsOpen(true); }} />}
          onJump={jumpToHit}
          onHelp={() => setModal("help")}
          onSettings={() => setModal("settings")}
          onAccount={() => setModal("account")}
          onSignOut={onSignOut}
          purpose={publicInfo?.purpose}
          onPurpose={publicInfo && !publicInfo.archived ? (text) => setChannelPurpose(channel, text).then(() => undefined) : undefined}
          notify={muted.has(channel) ? "none" : mentionsOnly.has(channel) ? "mentions" : "all"}
          onNotify={(level) => void setNotifyLevel(channel, level).catch((err: Error) => setToast({ text: t("notifyFailed", { reason: err.message }) }))}
        />
        <MessageList
          countedMessages={messages}
          unreadAtOpen={
            channel.startsWith("dm:")
              ? (dms.data?.find((d) => d.channel === channel)?.unread ?? 0)
              : channel.startsWith("private:")
                ? (privates.data?.find((p) => p.channel === channel)?.unread ?? 0)
                : (unreads.data?.[channel] ?? 0)
          }
          key={`list:${channel}`}
          messages={channelRows}
          loaded={loaded}
          ctx={ctx}
          jumpTarget={jumpTarget}
          mergeWindowSeconds={mergeWindowSeconds}
          channel={channel}
          tribuneTimeZone={tribuneTimeZone}
          onAnswer={answerWith}
          hasOlder={hasOlder}
          onNeedOlder={() => void loadOlder()}
          selected={visual.selected}
          command={visual.rowCommand}
        />
        <OutgoingList items={outgoing.items.filter((i) => i.channel === channel)} onRetry={outgoing.retry} onDiscard={outgoing.discard} />
        <TypingLine typers={typers} />
        {visual.selected !== null ? <VisualModeStatus message={visual.selectedMessage} /> : null}
        {toast ? <Toast note={toast} onDismiss={() => setToast(null)} /> : null}
        {publicInfo?.archived ? (
          <p className="border-t border-border bg-surface p-3 text-sm text-muted" role="status">
            {t("archived")}
          </p>
        ) : (
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
            insertion={insertion}
          />
        )}
      </main>
      {threadRoot !== null ? (
        <div className="fixed inset-0 z-30 flex md:static md:z-auto">
          <ThreadPanel
            key={`thread:${threadRoot}`}
            rootId={threadRoot}
            looks={{ me, users: userSet, colors: colors.data ?? {}, avatars: avatarSet, avatarVersion }}
            onClose={() => setThreadRoot(null)}
            onError={(text) => setToast({ text })}
          />
        </div>
      ) : threadsOpen ? (
        <div className="fixed inset-0 z-30 flex md:static md:z-auto">
          <FollowedThreadsPanel
            looks={{ me, users: userSet, colors: colors.data ?? {}, avatars: avatarSet, avatarVersion }}
            channelName={nameOf}
            onPick={(picked) => {
              select(picked.channel);
              setThreadRoot(picked.root_id);
              setThreadsOpen(false);
            }}
            onClose={() => setThreadsOpen(false)}
          />
        </div>
      ) : null}
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
            refreshProfileLooks();
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
            refreshChannelMembers(channel);
            refreshPrivateChannels();
          }}
          onLeft={() => {
            setModal(null);
            refreshPrivateChannels();
            select(home);
          }}
          onClose={() => setModal(null)}
        />
      ) : null}
      {actionList === "pins" ? (
        <PinnedMessagesModal
          channel={channel}
          title={title}
          onJump={(to) => {
            setActionList(null);
            jumpToHit(to);
          }}
          onClose={() => setActionList(null)}
        />
      ) : null}
      {actionList === "saved" ? (
        <SavedMessagesModal
          channelLabel={(id) => sidebarOrder.find(([c]) => c === id)?.[1] ?? id}
          onJump={(to) => {
            setActionList(null);
            jumpToHit(to);
          }}
          onClose={() => setActionList(null)}
        />
      ) : null}
      {historyOf !== null ? <EditHistoryModal id={historyOf} onClose={() => setHistoryOf(null)} /> : null}
      {confirmingDelete ? (
        <ConfirmDeleteModal message={confirmingDelete} onCancel={() => setConfirmingDelete(null)} onConfirm={() => deleteConfirmed(confirmingDelete)} />
      ) : null}
      {modal === "browse" ? (
        <BrowseChannels
          onClose={() => setModal(null)}
          onOpen={(id) => {
            setModal(null);
            select(id);
          }}
        />
      ) : null}
      {modal === "settings" ? <SettingsModal me={me} onClose={() => setModal(null)} onHelp={() => setModal("help")} /> : null}
      {modal === "switcher" ? (
        <QuickSwitcher
          items={switcherItems({
            me,
            channels,
            privates: privates.data ?? [],
            dms: dms.data ?? [],
            users: users.data ?? [],
            unreads: unreads.data ?? {},
            mentions: mentions.data ?? {},
            muted,
          }).map((item) => (item.kind === "channel" ? { ...item, label: publicChannelName(item.channel) } : item))}
          current={channel}
          onPick={(id) => {
            setModal(null);
            select(id);
            setTimeout(focusComposer, 0); // the new conversation's message box, once it is on screen
          }}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal === "help" ? <HelpModal maxUploadMb={maxUploadMb} maxAvatarMb={maxAvatarMb} onClose={() => setModal(null)} /> : null}
      {modal === "dm" ? <NewDmModal me={me} users={users.data ?? []} onClose={() => setModal(null)} onOpen={(id) => { setModal(null); select(id); }} /> : null}
      {modal === "rename" && channel.startsWith("private:") ? (
        <RenameModal
          id={Number(channel.slice(8))}
          current={title}
          onClose={() => setModal(null)}
          onRenamed={() => {
            setModal(null);
            refreshPrivateChannels();
          }}
        />
      ) : null}
      {modal === "private" ? <NewPrivateModal users={users.data ?? []} onClose={() => setModal(null)} onCreated={(id) => { setModal(null); refreshPrivateChannels(); select(id); }} /> : null}
    </div>
  );
}
