"use client";

import { useState } from "react";
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

/** Why the server would refuse a public channel name (its rules, said before asking). */
export function publicChannelNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name) return "Enter a name.";
  if ([...name].length > 80) return "Channel names are 80 characters or fewer.";
  if (/[\s:/\\]/.test(name)) return "Channel names may not contain spaces, ':', '/' or '\\'.";
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
  const { data, error: loadError } = useBrowseChannels();
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const canManage = data?.some((c) => c.can_manage) ?? false;

  const run = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(`${what}: ${(err as Error).message}`);
      return false;
    }
  };

  const needle = query.trim().toLowerCase();
  const shown = (data ?? []).filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle) || c.purpose.toLowerCase().includes(needle));

  return (
    <Modal title="Browse channels" onClose={onClose} wide>
      <div className="flex items-center gap-2">
        <input type="search" aria-label="Search channels" placeholder="Search channels" value={query} onChange={(e) => setQuery(e.target.value)} className={field} data-autofocus />
        {canManage && !creating ? (
          <button type="button" className={`${small} whitespace-nowrap`} onClick={() => setCreating(true)}>
            New channel
          </button>
        ) : null}
      </div>
      {creating ? (
        <CreateForm
          onCancel={() => setCreating(false)}
          onCreate={async (name, purpose) => {
            if (await run("Could not create the channel", () => createPublicChannel(name, purpose))) {
              setCreating(false);
              onOpen(name);
            }
          }}
        />
      ) : null}
      {error ? <p role="alert" className="mt-2 text-sm text-danger">{error}</p> : null}
      {loadError ? <p role="alert" className="mt-2 text-sm text-danger">Could not load the channels: {(loadError as Error).message}</p> : null}
      {!data && !loadError ? <p className="mt-3 text-sm text-muted">Loading{"\u2026"}</p> : null}
      {data && shown.length === 0 ? <p className="mt-3 text-sm text-muted">No channel matches.</p> : null}
      <ul className="mt-3 divide-y divide-border" aria-label="Public channels">
        {shown.map((c) => (
          <li key={c.id} className="py-2" aria-label={c.name}>
            {renaming === c.id ? (
              <RenameForm
                current={c.name}
                onCancel={() => setRenaming(null)}
                onRename={async (name) => {
                  if (await run("Could not rename the channel", () => renamePublicChannel(c.id, name))) setRenaming(null);
                }}
              />
            ) : (
              <ChannelRow
                channel={c}
                onOpen={() => onOpen(c.id)}
                onJoin={() => void run("Could not join", () => joinPublicChannel(c.id)).then((ok) => ok && onOpen(c.id))}
                onLeave={() => void run("Could not leave", () => leavePublicChannel(c.id))}
                onRename={() => setRenaming(c.id)}
                onArchive={() => void run("Could not archive", () => archivePublicChannel(c.id))}
                onUnarchive={() => void run("Could not unarchive", () => unarchivePublicChannel(c.id))}
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
  const c = p.channel;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <div className="min-w-0 flex-1">
        <button type="button" className="font-semibold hover:underline" onClick={p.onOpen}>
          # {c.name}
        </button>
        {c.archived ? <span className="ml-2 rounded border border-border px-1 text-xs text-muted">archived</span> : null}
        <span className="ml-2 text-xs text-muted">
          {c.member_count} member{c.member_count === 1 ? "" : "s"}
        </span>
        {c.purpose ? <p className="truncate text-sm text-muted">{c.purpose}</p> : null}
      </div>
      {!c.archived && !c.joined ? (
        <button type="button" className={small} onClick={p.onJoin} aria-label={`Join ${c.name}`}>Join</button>
      ) : null}
      {c.joined && !c.archived ? (
        <button type="button" className={small} onClick={p.onLeave} aria-label={`Leave ${c.name}`}>Leave</button>
      ) : null}
      {c.can_manage ? (
        <>
          <button type="button" className={small} onClick={p.onRename} aria-label={`Rename ${c.name}`}>Rename</button>
          {c.archived ? (
            <button type="button" className={small} onClick={p.onUnarchive} aria-label={`Unarchive ${c.name}`}>Unarchive</button>
          ) : !c.configured ? (
            <button type="button" className={small} onClick={p.onArchive} aria-label={`Archive ${c.name}`}>Archive</button>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function CreateForm({ onCreate, onCancel }: { onCreate: (name: string, purpose: string) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState("");
  const [purpose, setPurpose] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const why = publicChannelNameProblem(name);
    if (why) return setProblem(why);
    setProblem(null);
    void onCreate(name.trim(), purpose.trim());
  };
  return (
    <form
      className="mt-3 space-y-2 rounded border border-border p-3"
      aria-label="New channel"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="block text-sm">
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} className={`mt-1 ${field}`} autoFocus />
      </label>
      <label className="block text-sm">
        Purpose (optional)
        <input value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={250} className={`mt-1 ${field}`} />
      </label>
      {problem ? <p role="alert" className="text-sm text-danger">{problem}</p> : null}
      <div className="flex gap-2">
        <button type="submit" className="rounded bg-accent px-3 py-1 text-accent-fg">Create</button>
        <button type="button" className={small} onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function RenameForm({ current, onRename, onCancel }: { current: string; onRename: (name: string) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      aria-label={`Rename ${current}`}
      onSubmit={(e) => {
        e.preventDefault();
        const why = publicChannelNameProblem(name);
        if (why) return setProblem(why);
        setProblem(null);
        void onRename(name.trim());
      }}
    >
      <input aria-label="New name" value={name} onChange={(e) => setName(e.target.value)} className={`${field} max-w-xs`} autoFocus />
      <button type="submit" className="rounded bg-accent px-3 py-1 text-accent-fg">Save</button>
      <button type="button" className={small} onClick={onCancel}>Cancel</button>
      {problem ? <p role="alert" className="w-full text-sm text-danger">{problem}</p> : null}
    </form>
  );
}
