"use client";

import { useCallback, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { commandWord, TRIBUNE_TEXT_COMMANDS } from "@/lib/client/commands";
import { ApiFailure, enc, postForm, request, uploadWithProgress } from "@/lib/client/api";
import { useFileSize } from "./file-size";

export interface Outgoing {
  key: string;
  channel: string;
  text: string;
  files: File[];
  replyTo: number | null;
  /** Upload progress per file, 0..1, while sending. */
  progress: number[];
  status: "sending" | "failed";
  error?: string;
}

let seq = 0;

/** A `/bak …` command: the server carries it out for the sender (their filters) instead of posting it. */
export const isBakCommand = (text: string) => /^\/bak(?: |$)/.test(text.trim());

/**
 * A slash command the composer carries out and answers at once (lib/client/commands.ts) instead of
 * showing it as an outgoing message: its answer may be a notice for the sender alone or a refusal, and
 * the typed text must survive a refusal. `/bak` keeps its own path (see isBakCommand); the tribune's
 * `/name`, `/nick` and `/lastfm` are ordinary text here.
 */
export function isSlashCommand(text: string): boolean {
  const name = commandWord(text);
  return name !== null && name !== "bak" && !TRIBUNE_TEXT_COMMANDS.has(name);
}

/** What a command came to: a notice for the sender alone (never stored), or a message it posted. */
export type CommandAnswer = { ephemeral: string } | { posted: true };

/** Sends a command as a script would (JSON answers); a refusal throws ApiFailure with the server's reason. */
export async function runCommand(channel: string, text: string, replyTo: number | null): Promise<CommandAnswer> {
  const res = await request(`/send/${enc(channel)}`, {
    method: "POST",
    headers: { Accept: "application/json" },
    body: new URLSearchParams({ text, reply_to_id: replyTo === null ? "" : String(replyTo) }),
  });
  if (res.status === 201) return { posted: true };
  const body = (await res.json()) as { ephemeral?: unknown };
  return { ephemeral: typeof body.ephemeral === "string" ? body.ephemeral : "" };
}

async function transmit(item: Outgoing, onProgress: (progress: number[]) => void): Promise<void> {
  const path = `/send/${enc(item.channel)}`;
  const reply = item.replyTo === null ? "" : String(item.replyTo);
  if (item.files.length === 0) {
    await postForm(path, { text: item.text, reply_to_id: reply });
    return;
  }
  const form = new FormData();
  form.set("text", item.text);
  if (reply) form.set("reply_to_id", reply);
  for (const file of item.files) form.append("files", file, file.name);
  const sizes = item.files.map((f) => f.size || 1);
  const total = sizes.reduce((a, b) => a + b, 0);
  const result = await uploadWithProgress(path, form, (sent, bodyTotal) => {
    // The body is the files in order (plus a little framing): share the bytes out file by file.
    const done = (sent / bodyTotal) * total;
    let offset = 0;
    onProgress(sizes.map((size) => {
      const part = Math.max(0, Math.min(1, (done - offset) / size));
      offset += size;
      return part;
    }));
  });
  if (result.status >= 400) throw new ApiFailure(result.status, result.body);
}

/**
 * Optimistic sends: a message is shown at once as outgoing, with its upload progress, and removed
 * when the server has it; a failed one stays, with its reason, until it is retried or discarded.
 */
export function useOutgoing(onDelivered: (item: Outgoing) => void) {
  const t = useTranslations("shell.composer");
  const [items, setItems] = useState<Outgoing[]>([]);
  // One at a time, in the order typed: the server sees messages in the order the person wrote them.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const update = (key: string, change: Partial<Outgoing>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const run = useCallback(
    async (item: Outgoing) => {
      try {
        await transmit(item, (progress) => update(item.key, { progress }));
        setItems((all) => all.filter((i) => i.key !== item.key));
        onDelivered(item);
      } catch (err) {
        const reason = err instanceof ApiFailure ? err.message : t("networkError");
        update(item.key, { status: "failed", error: reason });
      }
    },
    [onDelivered, t],
  );

  const send = useCallback(
    (draft: Pick<Outgoing, "channel" | "text" | "files" | "replyTo">) => {
      const item: Outgoing = { ...draft, key: `out${++seq}`, progress: draft.files.map(() => 0), status: "sending" };
      setItems((all) => [...all, item]);
      queue.current = queue.current.then(() => run(item));
    },
    [run],
  );

  const retry = (key: string) => {
    const item = items.find((i) => i.key === key);
    if (!item) return;
    const again = { ...item, status: "sending" as const, error: undefined, progress: item.files.map(() => 0) };
    update(key, again);
    queue.current = queue.current.then(() => run(again));
  };
  const discard = (key: string) => setItems((all) => all.filter((i) => i.key !== key));
  return { items, send, retry, discard };
}

/** Outgoing messages at the foot of the list. */
export function OutgoingList({ items, onRetry, onDiscard }: { items: Outgoing[]; onRetry: (key: string) => void; onDiscard: (key: string) => void }) {
  const t = useTranslations("shell.sending");
  const fileSize = useFileSize();
  if (items.length === 0) return null;
  return (
    <ul className="border-t border-border/50 px-4 py-1" aria-label={t("outgoing")}>
      {items.map((item) => (
        <li key={item.key} className={`py-1 pl-11 text-sm ${item.status === "failed" ? "text-danger" : "text-muted"}`} data-testid="outgoing">
          {item.text ? <div className="whitespace-pre-wrap break-words">{item.text}</div> : null}
          {item.files.map((file, i) => (
            <div key={i} className="flex items-center gap-2 text-xs">
              <span className="truncate">{file.name}</span>
              <span>{fileSize(file.size)}</span>
              {item.status === "sending" ? <progress max={1} value={item.progress[i] ?? 0} aria-label={t("uploading", { name: file.name })} className="h-1.5 w-32" /> : null}
            </div>
          ))}
          {item.status === "sending" ? (
            <span className="text-xs">{t("sending")}</span>
          ) : (
            <span role="alert" className="flex gap-2 text-xs">
              {t("notSent", { reason: item.error ?? "" })}
              <button type="button" className="underline" onClick={() => onRetry(item.key)}>{t("retry")}</button>
              <button type="button" className="underline" onClick={() => onDiscard(item.key)}>{t("discard")}</button>
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
