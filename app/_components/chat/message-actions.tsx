"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ApiFailure } from "@/lib/client/api";
import { unpinMessage, unsaveMessage, useMessageHistory, usePins, useSaved, type PinnedMessage, type SavedMessage } from "./data/actions";
import { useMessageTimes } from "./format";
import { Modal } from "./modal";

/**
 * The dialogs of the message actions (issue 16): a channel's pinned messages, the reader's saved
 * messages and a message's edit history. Each list row jumps to its message (`onJump`: the chat opens
 * the channel and scrolls to it); texts are shown as plain text, one line each.
 */

/** Where a row jumps to. */
export interface JumpTarget {
  channel: string;
  id: number;
  ts: number;
}

/** A message's text on one line (attachments by name, tombstones never listed). */
const preview = (row: { content: string; filename: string | null }) => row.content.replace(/\s+/g, " ").trim() || row.filename || "";

function Failure({ error }: { error: unknown }) {
  const t = useTranslations("messages.actions");
  if (!error) return null;
  return (
    <p role="alert" className="mb-2 text-sm text-danger">
      {error instanceof ApiFailure ? error.message : t("loadFailed")}
    </p>
  );
}

function Row({ row, detail, onJump, action }: { row: PinnedMessage | SavedMessage; detail: string; onJump: (to: JumpTarget) => void; action: React.ReactNode }) {
  const times = useMessageTimes();
  return (
    <li className="flex items-start gap-2 border-b border-border py-2 last:border-b-0">
      <button type="button" className="min-w-0 flex-1 text-left text-sm" onClick={() => onJump({ channel: row.channel, id: row.id, ts: row.ts })}>
        <span className="block text-xs text-muted">
          <span className="font-semibold text-fg">{row.sender}</span> · {times.full(row.ts)}
        </span>
        <span className="block truncate" data-preview>
          {preview(row)}
        </span>
        <span className="block text-xs text-muted">{detail}</span>
      </button>
      {action}
    </li>
  );
}

/** The channel's pinned messages, newest pin first; anyone who may post there can unpin. */
export function PinnedMessagesModal({ channel, title, onJump, onClose }: { channel: string; title: string; onJump: (to: JumpTarget) => void; onClose: () => void }) {
  const t = useTranslations("messages.actions");
  const times = useMessageTimes();
  const { data, error } = usePins(channel);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Modal title={t("pinnedTitle", { channel: title })} onClose={onClose} wide>
      <Failure error={failure ?? error} />
      {data && data.length === 0 ? <p className="text-sm text-muted">{t("nothingPinned")}</p> : null}
      <ul aria-label={t("pinnedList")}>
        {data?.map((row) => (
          <Row
            key={row.id}
            row={row}
            detail={t("pinnedBy", { name: row.pinned_by, date: times.full(row.pinned_at) })}
            onJump={onJump}
            action={
              <button
                type="button"
                className="rounded border border-border px-2 py-0.5 text-xs"
                aria-label={t("unpinLabel", { sender: row.sender })}
                onClick={() => void unpinMessage(row.id, channel).catch(setFailure)}
              >
                {t("unpin")}
              </button>
            }
          />
        ))}
      </ul>
    </Modal>
  );
}

/** The reader's saved messages, newest save first, with the channel each is in. */
export function SavedMessagesModal({ channelLabel, onJump, onClose }: { channelLabel: (channel: string) => string; onJump: (to: JumpTarget) => void; onClose: () => void }) {
  const t = useTranslations("messages.actions");
  const times = useMessageTimes();
  const { data, error } = useSaved();
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Modal title={t("savedTitle")} onClose={onClose} wide>
      <Failure error={failure ?? error} />
      {data && data.length === 0 ? <p className="text-sm text-muted">{t("nothingSaved")}</p> : null}
      <ul aria-label={t("savedList")}>
        {data?.map((row) => (
          <Row
            key={row.id}
            row={row}
            detail={t("savedIn", { channel: channelLabel(row.channel), date: times.full(row.saved_at) })}
            onJump={onJump}
            action={
              <button
                type="button"
                className="rounded border border-border px-2 py-0.5 text-xs"
                aria-label={t("removeLabel", { sender: row.sender })}
                onClick={() => void unsaveMessage(row.id).catch(setFailure)}
              >
                {t("remove")}
              </button>
            }
          />
        ))}
      </ul>
    </Modal>
  );
}

/** Every version of a message's text, the original first, each with when it was written. */
export function EditHistoryModal({ id, onClose }: { id: number; onClose: () => void }) {
  const t = useTranslations("messages.actions");
  const times = useMessageTimes();
  const { data, error } = useMessageHistory(id);
  const versions = data?.versions ?? [];
  return (
    <Modal title={t("historyTitle")} onClose={onClose} wide>
      <Failure error={error} />
      <ol aria-label={t("versions")}>
        {versions.map((version, i) => (
          <li key={i} className="border-b border-border py-2 last:border-b-0">
            <span className="block text-xs text-muted">
              {i === 0 ? t("original") : i === versions.length - 1 ? t("current") : t("editNumber", { number: i })} · {times.full(version.ts)}
            </span>
            <span className="block whitespace-pre-wrap break-words text-sm">{version.content}</span>
          </li>
        ))}
      </ol>
    </Modal>
  );
}

/** What a message's menu offers (see `MessageActionsMenu`). */
export type MessageAction = "pin" | "unpin" | "save" | "unsave" | "mark-unread" | "copy-link" | "history";

/**
 * A message's menu of actions: pin or unpin, save or unsave, mark as unread from here, copy its link,
 * and its edit history once it was edited. Esc closes it; the chat carries out the pick.
 */
export function MessageActionsMenu({
  message,
  pinned,
  saved,
  onPick,
  onClose,
}: {
  message: { id: number; edited: number; deleted: number };
  pinned: boolean;
  saved: boolean;
  onPick: (action: MessageAction) => void;
  onClose: () => void;
}) {
  const t = useTranslations("messages.actions.menu");
  const items: [MessageAction, string][] = [
    pinned ? ["unpin", t("unpin")] : ["pin", t("pin")],
    saved ? ["unsave", t("unsave")] : ["save", t("save")],
    ["mark-unread", t("markUnread")],
    ["copy-link", t("copyLink")],
    ...(message.edited ? [["history", t("history")] as [MessageAction, string]] : []),
  ];
  return (
    <div
      role="menu"
      aria-label={t("label")}
      className="flex min-w-[11rem] flex-col rounded border border-border bg-surface py-1 text-sm shadow-xl"
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        e.preventDefault();
        onClose();
      }}
    >
      {items.map(([action, label], i) => (
        <button
          key={action}
          type="button"
          role="menuitem"
          autoFocus={i === 0}
          className="px-3 py-1 text-left hover:bg-raised focus:bg-raised"
          onClick={() => {
            onClose();
            onPick(action);
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
