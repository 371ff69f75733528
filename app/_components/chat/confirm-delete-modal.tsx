"use client";

import type { Message } from "@/lib/client/types";
import { Modal } from "./modal";

/** Nothing is deleted without this: the message quoted, Delete focused (Enter confirms), Esc cancels. */
export function ConfirmDeleteModal({ message, onCancel, onConfirm }: { message: Message; onCancel: () => void; onConfirm: () => void }) {
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
