"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import { ApiFailure, holdChannel, postJson } from "@/lib/client/api";
import { Avatar } from "./avatar";
import { useBio } from "./data/profile";
import { Modal } from "./modal";
import { useNameColor } from "./theme";
import { UserInput } from "./user-input";

function Bio({ user }: { user: string }) {
  const { data } = useBio(user);
  return data?.bio ? <p className="text-xs text-muted">{data.bio}</p> : null;
}

/** Who is in the channel; DM anyone; for a private channel, add a member or leave. */
export function MembersModal(props: {
  me: string;
  title: string;
  members: string[];
  users: string[];
  privateId: number | null;
  online: Record<string, string>;
  avatars: ReadonlySet<string>;
  colors: Record<string, string>;
  onDm: (user: string) => void;
  onLeft: () => void;
  onChanged: () => void;
  onClose: () => void;
}) {
  const t = useTranslations("dialogs.members");
  const [filter, setFilter] = useState("");
  const [adding, setAdding] = useState("");
  const [error, setError] = useState<string | null>(null);
  const everyone = [props.me, ...props.members.filter((m) => m !== props.me)];
  const shown = everyone.filter((m) => m.toLowerCase().includes(filter.trim().toLowerCase()));
  const candidates = props.users.filter((u) => !everyone.includes(u));

  const add = async () => {
    if (!adding.trim() || props.privateId === null) return;
    try {
      await postJson(`/private_channels/${props.privateId}/add_member`, { username: adding.trim() });
      setAdding("");
      setError(null);
      props.onChanged();
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t("addFailed"));
    }
  };
  const leave = async () => {
    if (props.privateId === null || !window.confirm(t("leaveQuestion", { channel: props.title }))) return;
    // Nothing more is asked about the channel from here: once we are out, every poll would be refused.
    const hold = await holdChannel(`private:${props.privateId}`);
    try {
      await postJson(`/private_channels/${props.privateId}/leave`, {});
      props.onLeft();
      // The channel's pollers stop with the switch away; after that a new membership may ask again.
      setTimeout(hold.release, 2000);
    } catch (err) {
      hold.release();
      setError(err instanceof ApiFailure ? err.message : t("leaveFailed"));
    }
  };

  return (
    <Modal title={props.privateId === null ? t("title") : t("titleOf", { channel: props.title })} onClose={props.onClose}>
      <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t("search")} aria-label={t("searchLabel")} className="mb-3 w-full rounded border border-border bg-bg px-2 py-1" />
      <ul className="mb-3 max-h-72 space-y-2 overflow-y-auto" aria-label={t("list")}>
        {shown.map((user) => (
          <li key={user} className="flex items-center gap-3">
            <Avatar name={user} size={40} hasImage={props.avatars.has(user)} colors={props.colors} presence={props.online[user]} />
            <div className="min-w-0 flex-1">
              <MemberName name={user} colors={props.colors} />
              {user === props.me ? <span className="ml-1 text-xs text-muted">{t("you")}</span> : null}
              <Bio user={user} />
            </div>
            {user !== props.me ? (
              <button type="button" onClick={() => props.onDm(user)} className="rounded border border-border px-2 py-0.5 text-sm" aria-label={t("dmLabel", { user })}>
                {t("dm")}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {props.privateId !== null ? (
        <div className="space-y-2 border-t border-border pt-3">
          <div className="flex gap-2">
            <UserInput value={adding} onChange={setAdding} users={candidates} label={t("add")} placeholder={t("add")} onSubmit={() => void add()} className="flex-1" />
            <button type="button" onClick={() => void add()} className="rounded bg-accent px-3 py-1 text-accent-fg">{t("addButton")}</button>
          </div>
          <button type="button" onClick={() => void leave()} className="rounded border border-danger px-3 py-1 text-danger">{t("leave")}</button>
        </div>
      ) : null}
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
    </Modal>
  );
}

function MemberName({ name, colors }: { name: string; colors: Record<string, string> }) {
  return <span className="font-semibold" style={{ color: useNameColor(name, colors) }}>{name}</span>;
}
