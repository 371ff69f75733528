"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { postJson } from "@/lib/client/api";
import { useChannelNameProblem } from "./channel-name";
import { Modal } from "./modal";

/** Rename a private channel: prefilled, Enter saves, Esc closes; the server's refusal is shown. */
export function RenameModal({ id, current, onClose, onRenamed }: { id: number; current: string; onClose: () => void; onRenamed: () => void }) {
  const t = useTranslations("dialogs.rename");
  const channelNameProblem = useChannelNameProblem();
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const problem = channelNameProblem(name);
    if (problem) return setError(problem);
    try {
      await postJson(`/private_channels/${id}/rename`, { name: name.trim() });
      onRenamed();
    } catch (err) {
      setError(t("failed", { error: (err as Error).message }));
    }
  };
  return (
    <Modal title={t("title")} onClose={onClose}>
      <label className="block text-sm">
        {t("name")}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && void save()}
          className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1"
        />
      </label>
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={() => void save()} className="mt-3 rounded bg-accent px-3 py-1 text-accent-fg">{t("submit")}</button>
    </Modal>
  );
}
