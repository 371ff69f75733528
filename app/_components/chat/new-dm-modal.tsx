"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { dmChannelOf } from "./channel-title";
import { Modal } from "./modal";
import { UserInput } from "./user-input";

/** Start a DM with one or more people, by name (suggested as you type); unknown names are refused here. */
export function NewDmModal({ me, users, onClose, onOpen }: { me: string; users: string[]; onClose: () => void; onOpen: (id: string) => void }) {
  const t = useTranslations("dialogs.newDm");
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const start = () => {
    const names = value.split(",").map((v) => v.trim()).filter(Boolean);
    const known = new Map(users.map((u) => [u.toLowerCase(), u]));
    const unknown = names.filter((n) => !known.has(n.toLowerCase()));
    if (names.length === 0 || unknown.length) return setError(unknown.length ? t("unknown", { names: unknown.join(", ") }) : t("empty"));
    onOpen(dmChannelOf([...new Set([me, ...names.map((n) => known.get(n.toLowerCase())!)])]));
  };
  return (
    <Modal title={t("title")} onClose={onClose}>
      <UserInput value={value} onChange={setValue} users={users} multiple label={t("label")} placeholder={t("placeholder")} onSubmit={start} />
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={start} className="mt-3 rounded bg-accent px-3 py-1 text-accent-fg">{t("start")}</button>
    </Modal>
  );
}
