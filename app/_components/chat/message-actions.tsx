"use client";

import { useState } from "react";
import { ApiFailure } from "@/lib/client/api";
import { unpinMessage, unsaveMessage, useMessageHistory, usePins, useSaved, type PinnedMessage, type SavedMessage } from "./data/actions";
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

const when = (ts: number) => new Date(ts * 1000).toLocaleString();

/** A message's text on one line (attachments by name, tombstones never listed). */
const preview = (row: { content: string; filename: string | null }) => row.content.replace(/\s+/g, " ").trim() || row.filename || "";

function Failure({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="mb-2 text-sm text-danger">
      {error instanceof ApiFailure ? error.message : "Could not load this list"}
    </p>
  );
}

function Row({ row, detail, onJump, action }: { row: PinnedMessage | SavedMessage; detail: string; onJump: (to: JumpTarget) => void; action: React.ReactNode }) {
  return (
    <li className="flex items-start gap-2 border-b border-border py-2 last:border-b-0">
      <button type="button" className="min-w-0 flex-1 text-left text-sm" onClick={() => onJump({ channel: row.channel, id: row.id, ts: row.ts })}>
        <span className="block text-xs text-muted">
          <span className="font-semibold text-fg">{row.sender}</span> · {when(row.ts)}
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
  const { data, error } = usePins(channel);
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Modal title={`Pinned in ${title}`} onClose={onClose} wide>
      <Failure error={failure ?? error} />
      {data && data.length === 0 ? <p className="text-sm text-muted">Nothing is pinned here yet.</p> : null}
      <ul aria-label="Pinned messages">
        {data?.map((row) => (
          <Row
            key={row.id}
            row={row}
            detail={`Pinned by ${row.pinned_by}, ${when(row.pinned_at)}`}
            onJump={onJump}
            action={
              <button
                type="button"
                className="rounded border border-border px-2 py-0.5 text-xs"
                aria-label={`Unpin the message of ${row.sender}`}
                onClick={() => void unpinMessage(row.id, channel).catch(setFailure)}
              >
                Unpin
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
  const { data, error } = useSaved();
  const [failure, setFailure] = useState<unknown>(null);
  return (
    <Modal title="Saved messages" onClose={onClose} wide>
      <Failure error={failure ?? error} />
      {data && data.length === 0 ? <p className="text-sm text-muted">No saved messages. Save one from its menu to find it here.</p> : null}
      <ul aria-label="Saved messages">
        {data?.map((row) => (
          <Row
            key={row.id}
            row={row}
            detail={`In ${channelLabel(row.channel)}, saved ${when(row.saved_at)}`}
            onJump={onJump}
            action={
              <button
                type="button"
                className="rounded border border-border px-2 py-0.5 text-xs"
                aria-label={`Remove the message of ${row.sender} from saved messages`}
                onClick={() => void unsaveMessage(row.id).catch(setFailure)}
              >
                Remove
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
  const { data, error } = useMessageHistory(id);
  const versions = data?.versions ?? [];
  return (
    <Modal title="Edit history" onClose={onClose} wide>
      <Failure error={error} />
      <ol aria-label="Versions">
        {versions.map((version, i) => (
          <li key={i} className="border-b border-border py-2 last:border-b-0">
            <span className="block text-xs text-muted">
              {i === 0 ? "Original" : i === versions.length - 1 ? "Current" : `Edit ${i}`} · {when(version.ts)}
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
  const items: [MessageAction, string][] = [
    pinned ? ["unpin", "Unpin from channel"] : ["pin", "Pin to channel"],
    saved ? ["unsave", "Remove from saved"] : ["save", "Save for later"],
    ["mark-unread", "Mark as unread"],
    ["copy-link", "Copy link"],
    ...(message.edited ? [["history", "Edit history"] as [MessageAction, string]] : []),
  ];
  return (
    <div
      role="menu"
      aria-label="Message actions"
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
