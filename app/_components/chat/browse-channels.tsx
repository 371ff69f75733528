"use client";

import { useState } from "react";
import { useTranslations } from "use-intl";
import {
  archivePublicChannel,
  createPublicChannel,
  joinPublicChannel,
  leavePublicChannel,
  renamePublicChannel,
  unarchivePublicChannel,
  useBrowseChannels,
  type PublicChannelEntry,
} from "./data/channels";
import { Modal } from "./modal";

/** The longest public channel name the server takes, in characters. */
export const PUBLIC_CHANNEL_NAME_MAX = 80;

/**
 * Why the server would refuse a public channel name (its rules, said before asking), as the key of the
 * sentence in `dialogs.browse.nameProblem`; null when the name is fine.
 */
export function publicChannelNameProblem(raw: string): "empty" | "tooLong" | "badCharacter" | null {
  const name = raw.trim();
  if (!name) return "empty";
  if ([...name].length > PUBLIC_CHANNEL_NAME_MAX) return "tooLong";
  if (/[\s:/\\]/.test(name)) return "badCharacter";
  return null;
}

const field = "block w-full rounded border border-border bg-bg px-2 py-1";
const small = "rounded border border-border px-2 py-0.5 text-sm hover:bg-raised";

/**
 * Browse channels (issue 16): every public channel with its purpose and member count, a search box, join
 * and leave (opening a joined one), and for admins create, rename, archive and unarchive. The server's
 * refusals are shown in its words.
 */
export function BrowseChannels({ onClose, onOpen }: { onClose: () => void; onOpen: (channel: string) => void }) {
  const t = useTranslations("dialogs.browse");
  const { data, error: loadError } = useBrowseChannels();
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const canManage = data?.some((c) => c.can_manage) ?? false;

  type Failure = "createFailed" | "renameFailed" | "joinFailed" | "leaveFailed" | "archiveFailed" | "unarchiveFailed";
  const run = async (failure: Failure, action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(t(failure, { error: (err as Error).message }));
      return false;
    }
  };

  const needle = query.trim().toLowerCase();
  const shown = (data ?? []).filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle) || c.purpose.toLowerCase().includes(needle));

  return (
    <Modal title={t("title")} onClose={onClose} wide>
      <div className="flex items-center gap-2">
        <input type="search" aria-label={t("search")} placeholder={t("search")} value={query} onChange={(e) => setQuery(e.target.value)} className={field} data-autofocus />
        {canManage && !creating ? (
          <button type="button" className={`${small} whitespace-nowrap`} onClick={() => setCreating(true)}>
            {t("newChannel")}
          </button>
        ) : null}
      </div>
      {creating ? (
        <CreateForm
          onCancel={() => setCreating(false)}
          onCreate={async (name, purpose) => {
            if (await run("createFailed", () => createPublicChannel(name, purpose))) {
              setCreating(false);
              onOpen(name);
            }
          }}
        />
      ) : null}
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      {loadError ? <p role="alert" className="mt-2 text-sm text-danger">{t("loadFailed", { error: (loadError as Error).message })}</p> : null}
      {!data && !loadError ? <p className="mt-3 text-sm text-muted">{t("loading")}</p> : null}
      {data && shown.length === 0 ? <p className="mt-3 text-sm text-muted">{t("noMatch")}</p> : null}
      <ul className="mt-3 divide-y divide-border" aria-label={t("list")}>
        {shown.map((c) => (
          <li key={c.id} className="py-2" aria-label={c.name}>
            {renaming === c.id ? (
              <RenameForm
                current={c.name}
                onCancel={() => setRenaming(null)}
                onRename={async (name) => {
                  if (await run("renameFailed", () => renamePublicChannel(c.id, name))) setRenaming(null);
                }}
              />
            ) : (
              <ChannelRow
                channel={c}
                onOpen={() => onOpen(c.id)}
                onJoin={() => void run("joinFailed", () => joinPublicChannel(c.id)).then((ok) => ok && onOpen(c.id))}
                onLeave={() => void run("leaveFailed", () => leavePublicChannel(c.id))}
                onRename={() => setRenaming(c.id)}
                onArchive={() => void run("archiveFailed", () => archivePublicChannel(c.id))}
                onUnarchive={() => void run("unarchiveFailed", () => unarchivePublicChannel(c.id))}
              />
            )}
          </li>
        ))}
      </ul>
    </Modal>
  );
}

function ChannelRow(p: {
  channel: PublicChannelEntry;
  onOpen: () => void;
  onJoin: () => void;
  onLeave: () => void;
  onRename: () => void;
  onArchive: () => void;
  onUnarchive: () => void;
}) {
  const t = useTranslations("dialogs.browse");
  const c = p.channel;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="min-w-0 flex-1">
        <button type="button" className="font-semibold hover:underline" onClick={p.onOpen}>
          # {c.name}
        </button>
        {c.archived ? <span className="ml-2 rounded border border-border px-1 text-xs text-muted">{t("archived")}</span> : null}
        <span className="ml-2 text-xs text-muted">
          {t("members", { count: c.member_count })}
        </span>
        {c.purpose ? <p className="truncate text-sm text-muted">{c.purpose}</p> : null}
      </div>
      {!c.archived && !c.joined ? (
        <button type="button" className={small} onClick={p.onJoin} aria-label={t("joinLabel", { channel: c.name })}>{t("join")}</button>
      ) : null}
      {c.joined && !c.archived ? (
        <button type="button" className={small} onClick={p.onLeave} aria-label={t("leaveLabel", { channel: c.name })}>{t("leave")}</button>
      ) : null}
      {c.can_manage ? (
        <>
          <button type="button" className={small} onClick={p.onRename} aria-label={t("renameLabel", { channel: c.name })}>{t("rename")}</button>
          {c.archived ? (
            <button type="button" className={small} onClick={p.onUnarchive} aria-label={t("unarchiveLabel", { channel: c.name })}>{t("unarchive")}</button>
          ) : !c.configured ? (
            <button type="button" className={small} onClick={p.onArchive} aria-label={t("archiveLabel", { channel: c.name })}>{t("archive")}</button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function CreateForm({ onCreate, onCancel }: { onCreate: (name: string, purpose: string) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState("");
  const t = useTranslations("dialogs.browse");
  const [purpose, setPurpose] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const why = publicChannelNameProblem(name);
    if (why) return setProblem(t(`nameProblem.${why}`, { max: PUBLIC_CHANNEL_NAME_MAX }));
    setProblem(null);
    void onCreate(name.trim(), purpose.trim());
  };
  return (
    <form
      className="mt-3 space-y-2 rounded border border-border p-3"
      aria-label={t("newChannel")}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="block text-sm">
        {t("name")}
        <input value={name} onChange={(e) => setName(e.target.value)} className={`mt-1 ${field}`} autoFocus />
      </label>
      <label className="block text-sm">
        {t("purpose")}
        <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={250} className={`mt-1 ${field}`} />
      </label>
      {problem ? <p role="alert" className="text-sm text-danger">{problem}</p> : null}
      <div className="flex gap-2">
        <button type="submit" className="rounded bg-accent px-3 py-1 text-accent-fg">{t("create")}</button>
        <button type="button" className={small} onClick={onCancel}>{t("cancel")}</button>
      </div>
    </form>
  );
}

function RenameForm({ current, onRename, onCancel }: { current: string; onRename: (name: string) => Promise<void>; onCancel: () => void }) {
  const t = useTranslations("dialogs.browse");
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      aria-label={t("renameLabel", { channel: current })}
      onSubmit={(e) => {
        e.preventDefault();
        const why = publicChannelNameProblem(name);
        if (why) return setProblem(t(`nameProblem.${why}`, { max: PUBLIC_CHANNEL_NAME_MAX }));
        setProblem(null);
        void onRename(name.trim());
      }}
    >
      <input aria-label={t("newName")} value={name} onChange={(e) => setName(e.target.value)} className={`${field} max-w-xs`} autoFocus />
      <button type="submit" className="rounded bg-accent px-3 py-1 text-accent-fg">{t("save")}</button>
      <button type="button" className={small} onClick={onCancel}>{t("cancel")}</button>
      {problem ? <p role="alert" className="w-full text-sm text-danger">{problem}</p> : null}
    </form>
  );
}
