"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { postJson } from "@/lib/client/api";
import { useChannelNameProblem } from "./channel-name";
import { Modal } from "./modal";
import { UserInput } from "./user-input";

/** Create a private channel with a name and its first members; the server's refusal is shown. */
export function NewPrivateModal({ users, onClose, onCreated }: { users: string[]; onClose: () => void; onCreated: (channel: string) => void }) {
  const t = useTranslations("dialogs.newPrivate");
  const channelNameProblem = useChannelNameProblem();
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
      setError(t("failed", { error: (err as Error).message }));
    }
  };
  return (
    <Modal title={t("title")} onClose={onClose}>
      <label className="mb-2 block text-sm">
        {t("name")}
        <input value={name} onChange={(e) => setName(e.target.value)} className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1" />
      </label>
      <div className="mb-2 text-sm">
        <span aria-hidden className="mb-1 block">{t("members")}</span>
        <UserInput value={members} onChange={setMembers} users={users} multiple label={t("members")} placeholder={t("members")} />
      </div>
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      <button type="button" onClick={() => void create()} className="mt-2 rounded bg-accent px-3 py-1 text-accent-fg">{t("create")}</button>
    </Modal>
  );
}
