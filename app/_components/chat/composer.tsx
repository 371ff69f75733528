"use client";

import { useRef, useState } from "react";
import { enc } from "@/lib/client/api";
import { humanSize } from "@/lib/client/colors";
import type { Message } from "@/lib/client/types";
import type { Outgoing } from "./sending";

interface Pending {
  file: File;
  key: string;
}

export interface ComposerProps {
  channel: string;
  /** Other members of the channel, for @mention completion. */
  members: string[];
  label: string;
  maxUploadMb: number;
  replyTo: Message | null;
  onCancelReply: () => void;
  onSend: (draft: Pick<Outgoing, "channel" | "text" | "files" | "replyTo">) => void;
  enterSends: boolean;
}

let seq = 0;

/**
 * Text and attachments (button, paste, drop), Enter to send (Shift+Enter for a new line). Files over
 * the limit are refused before any upload. Sending hands the draft over and clears the box at once.
 */
const MENTION_AT_CARET = /(?:^|\s)@([A-Za-z0-9_-]*)$/;
const WRAPS: Record<string, string> = { b: "**", i: "*", u: "__", s: "~~" };

/** Candidates for `@query`: everyone first, then members, prefix matches before substring ones. */
export function mentionCandidates(query: string, members: string[]): string[] {
  const q = query.toLowerCase();
  const all = ["everyone", ...members];
  const prefix = all.filter((m) => m.toLowerCase().startsWith(q));
  const inside = all.filter((m) => !m.toLowerCase().startsWith(q) && m.toLowerCase().includes(q));
  return [...prefix, ...inside].slice(0, 8);
}

export function Composer({ channel, members, label, maxUploadMb, replyTo, onCancelReply, onSend, enterSends }: ComposerProps) {
  const [text, setText] = useState("");
  const [files, setFiles] = useState<Pending[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const lastTyping = useRef(0);
  const [mention, setMention] = useState<{ query: string; active: number } | null>(null);
  const candidates = mention ? mentionCandidates(mention.query, members) : [];
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const limit = maxUploadMb * 1024 * 1024;

  const addFiles = (list: FileList | File[]) => {
    const accepted: Pending[] = [];
    for (const file of Array.from(list)) {
      if (file.size > limit) {
        setError(`"${file.name}" exceeds the ${Math.trunc(maxUploadMb)} MB upload limit.`);
        continue;
      }
      accepted.push({ file, key: `f${++seq}` });
    }
    if (accepted.length) setFiles((current) => [...current, ...accepted]);
  };

  const typing = () => {
    const now = Date.now();
    if (now - lastTyping.current < 2000) return;
    lastTyping.current = now;
    void fetch(`/typing/${enc(channel)}`, { method: "POST" }).catch(() => undefined);
  };

  const updateMention = (value: string, caret: number) => {
    const match = MENTION_AT_CARET.exec(value.slice(0, caret));
    setMention(match ? { query: match[1], active: 0 } : null);
  };

  const insertMention = (name: string) => {
    const el = input.current;
    if (!el) return;
    const caret = el.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([A-Za-z0-9_-]*)$/, `@${name} `);
    const next = before + text.slice(caret);
    setText(next);
    setMention(null);
    requestAnimationFrame(() => el.setSelectionRange(before.length, before.length));
  };

  /** Ctrl+B/I/U/S wrap the selection (or put the caret between a new pair). */
  const wrapSelection = (marker: string) => {
    const el = input.current;
    if (!el) return;
    const start = el.selectionStart ?? 0;
    const end = el.selectionEnd ?? start;
    const next = text.slice(0, start) + marker + text.slice(start, end) + marker + text.slice(end);
    setText(next);
    requestAnimationFrame(() => el.setSelectionRange(start + marker.length, end + marker.length));
  };

  const send = () => {
    if (!text.trim() && files.length === 0) return;
    setError(null);
    onSend({ channel, text, files: files.map((f) => f.file), replyTo: replyTo?.id ?? null });
    setText("");
    setFiles([]);
    onCancelReply();
    input.current?.focus();
  };

  return (
    <div
      className={`border-t border-border bg-surface p-3 ${dragging ? "dragover ring-2 ring-accent" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
      }}
    >
      {replyTo ? (
        <div className="mb-2 flex items-center gap-2 rounded bg-raised px-2 py-1 text-sm">
          <span className="truncate">
            Replying to {replyTo.sender}: {replyTo.content.slice(0, 80)}
            {replyTo.content.length > 80 ? "\u2026" : ""}
          </span>
          <button type="button" className="ml-auto" onClick={onCancelReply} aria-label="Cancel reply">{"\u00d7"}</button>
        </div>
      ) : null}
      {files.length ? (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label="Files to send">
          {files.map((f) => (
            <li key={f.key} className="w-48 rounded border border-border bg-raised p-2 text-xs">
              <div className="flex items-center gap-1">
                <span className="truncate" title={f.file.name}>{f.file.name}</span>
                <button type="button" className="ml-auto" aria-label={`Remove ${f.file.name}`} onClick={() => setFiles((c) => c.filter((x) => x.key !== f.key))}>
                  {"\u00d7"}
                </button>
              </div>
              <div className="text-muted">{humanSize(f.file.size)}</div>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {mention && candidates.length ? (
        <ul role="listbox" aria-label="Mention suggestions" className="mb-2 max-w-xs rounded border border-border bg-raised py-1 text-sm">
          {candidates.map((name, i) => (
            <li key={name} role="option" aria-selected={i === mention.active}>
              <button
                type="button"
                onMouseDown={(e) => {
                  e.preventDefault();
                  insertMention(name);
                }}
                className={`block w-full px-2 py-0.5 text-left ${i === mention.active ? "bg-accent text-accent-fg" : ""}`}
              >
                @{name} {name === "everyone" ? <span className="text-xs opacity-70">Notify the whole channel</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-end gap-2">
        <button type="button" onClick={() => picker.current?.click()} className="rounded border border-border px-2 py-1" aria-label="Attach files" title="Attach files">
          {"\u{1F4CE}"}
        </button>
        <input ref={picker} type="file" multiple hidden data-testid="file-input" onChange={(e) => { if (e.target.files) addFiles(e.target.files); e.target.value = ""; }} />
        <textarea
          ref={input}
          value={text}
          rows={3}
          aria-label={`Message ${label}`}
          placeholder={"Type a message\u2026"}
          onChange={(e) => {
            setText(e.target.value);
            updateMention(e.target.value, e.target.selectionStart ?? e.target.value.length);
            typing();
          }}
          onPaste={(e) => {
            if (e.clipboardData.files.length) {
              e.preventDefault();
              addFiles(e.clipboardData.files);
            }
          }}
          onKeyDown={(e) => {
            if (mention && candidates.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : -1;
                setMention({ ...mention, active: (mention.active + step + candidates.length) % candidates.length });
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                insertMention(candidates[mention.active]);
                return;
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setMention(null);
                return;
              }
            }
            const marker = (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey ? WRAPS[e.key.toLowerCase()] : undefined;
            if (marker) {
              e.preventDefault();
              wrapSelection(marker);
              return;
            }
            const submit = enterSends ? e.key === "Enter" && !e.shiftKey : e.key === "Enter" && (e.ctrlKey || e.metaKey);
            if (submit && !e.nativeEvent.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          className="min-h-10 flex-1 resize-none rounded border border-border bg-bg p-2"
        />
        <button
          type="button"
          onClick={send}
          className={`rounded bg-accent px-3 py-2 font-semibold text-accent-fg ${!text.trim() && !files.length ? "inactive opacity-50" : ""}`}
        >
          Send
        </button>
      </div>
    </div>
  );
}
