"use client";

import { useTranslations } from "use-intl";
import type { Message } from "@/lib/client/types";
import { Modal } from "./modal";

/** Nothing is deleted without this: the message quoted, Delete focused (Enter confirms), Esc cancels. */
export function ConfirmDeleteModal({ message, onCancel, onConfirm }: { message: Message; onCancel: () => void; onConfirm: () => void }) {
  const t = useTranslations("dialogs.confirmDelete");
  const quote = message.filename ? t("attachment") : message.content.length > 140 ? `${message.content.slice(0, 140)}\u2026` : message.content;
  return (
    <Modal title={t("title")} onClose={onCancel}>
      <p className="text-sm">{t("question")}</p>
      <blockquote className="mt-2 border-l-2 border-border pl-2 text-sm break-words whitespace-pre-wrap text-muted">{quote}</blockquote>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded border border-border px-3 py-1">{t("cancel")}</button>
        <button type="button" data-autofocus onClick={onConfirm} className="rounded bg-danger px-3 py-1 font-semibold text-bg">{t("delete")}</button>
      </div>
    </Modal>
  );
}
