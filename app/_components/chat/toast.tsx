"use client";

import { useTranslations } from "use-intl";

/** A short note under the conversation: `ok` notes are statuses, the others alerts. */
export interface ToastNote {
  text: string;
  ok?: boolean;
}

export function Toast({ note, onDismiss }: { note: ToastNote; onDismiss: () => void }) {
  const t = useTranslations("shell.toast");
  return (
    <p role={note.ok ? "status" : "alert"} className={`mx-3 mb-1 rounded px-2 py-1 text-sm ${note.ok ? "bg-ok/15 text-ok" : "bg-danger/15 text-danger"}`}>
      {note.text} <button type="button" className="ml-2 underline" onClick={onDismiss}>{t("dismiss")}</button>
    </p>
  );
}
