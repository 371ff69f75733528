"use client";

import { Bold, FileText, Italic, Paperclip, Smile, Strikethrough, Underline, X, type LucideIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { COMMAND_LIST, SHRUG } from "@/lib/client/commands";
import { ApiFailure, enc } from "@/lib/client/api";
import { senderName } from "@/lib/client/senders";
import type { Message } from "@/lib/client/types";
import { reactionEmoji } from "@/lib/reactions";
import { useRefreshQuiet } from "./data/quiet";
import { useEmojiSuggest } from "./emoji-suggest";
import { ReactionPicker } from "./reaction-picker";
import { useFileSize } from "./file-size";
import { isSlashCommand, runCommand, type Outgoing } from "./sending";
import type { Messages } from "@/lib/i18n/catalog";

interface Pending {
  file: File;
  key: string;
  /** A blob: URL for an image's thumbnail, revoked when the file leaves the box. */
  preview: string | null;
}

/** Unsent text and files per channel: switching channels and back keeps what was being written. */
const drafts = new Map<string, { text: string; files: Pending[] }>();

const forget = (files: Pending[]) => {
  for (const f of files) if (f.preview) URL.revokeObjectURL(f.preview);
};

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
  /** Text to add at the end of the box (a norloge answering a message), once per `seq`. */
  insertion?: { text: string; seq: number } | null;
}

let seq = 0;

/**
 * Text and attachments (button, paste, drop), Enter to send (Shift+Enter for a new line). Files over
 * the limit are refused before any upload. Sending hands the draft over and clears the box at once.
 */
const MENTION_AT_CARET = /(?:^|\s)@([A-Za-z0-9_-]*)$/;
/** A command word being typed: `/` and letters, nothing else yet. */
const COMMAND_BEING_TYPED = /^\/([a-z0-9_-]*)$/;
const WRAPS: Record<string, string> = { b: "**", i: "*", u: "__", s: "~~" };
/** The formatting buttons: their shortcut letter, their name's key in the catalogue and their icon. */
const FORMAT_BUTTONS: { key: string; label: "bold" | "italic" | "underline" | "strikethrough"; Icon: LucideIcon }[] = [
  { key: "b", label: "bold", Icon: Bold },
  { key: "i", label: "italic", Icon: Italic },
  { key: "u", label: "underline", Icon: Underline },
  { key: "s", label: "strikethrough", Icon: Strikethrough },
];

/** A slash command's name as its help is keyed in the catalogue (every command of COMMAND_LIST has one). */
type CommandKey = keyof Messages["shell"]["composer"]["commands"];

/** A pending file: an image shows its thumbnail, anything else a document icon. */
function PendingPreview({ pending }: { pending: Pending }) {
  const t = useTranslations("shell.composer");
  if (pending.preview) {
    // eslint-disable-next-line @next/next/no-img-element -- a local blob: preview, nothing to optimise
    return <img src={pending.preview} alt={t("previewOf", { name: pending.file.name })} className="mb-1 h-20 w-full rounded object-cover" />;
  }
  return <FileText aria-hidden="true" className="mb-1 size-8 text-muted" />;
}

/** Candidates for `@query`: everyone first, then members, prefix matches before substring ones. */
export function mentionCandidates(query: string, members: string[]): string[] {
  const q = query.toLowerCase();
  const all = ["everyone", ...members];
  const prefix = all.filter((m) => m.toLowerCase().startsWith(q));
  const inside = all.filter((m) => !m.toLowerCase().startsWith(q) && m.toLowerCase().includes(q));
  return [...prefix, ...inside].slice(0, 8);
}

export function Composer({ channel, members, label, maxUploadMb, replyTo, onCancelReply, onSend, enterSends, insertion = null }: ComposerProps) {
  const t = useTranslations("shell.composer");
  const fileSize = useFileSize();
  const [text, setText] = useState(() => drafts.get(channel)?.text ?? "");
  const [files, setFiles] = useState<Pending[]>(() => drafts.get(channel)?.files ?? []);
  useEffect(() => {
    if (text || files.length) drafts.set(channel, { text, files });
    else drafts.delete(channel);
  }, [channel, text, files]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const lastTyping = useRef(0);
  const [mention, setMention] = useState<{ query: string; active: number } | null>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const candidates = mention ? mentionCandidates(mention.query, members) : [];
  // Slash commands: a notice only the sender sees (never stored), and suggestions while `/name` is typed.
  const [notice, setNotice] = useState<string | null>(null);
  const [commandBusy, setCommandBusy] = useState(false);
  const refreshQuiet = useRefreshQuiet();
  const [commandActive, setCommandActive] = useState(0);
  /** The text Escape closed the suggestions for: they stay closed until it changes. */
  const [commandsClosedAt, setCommandsClosedAt] = useState<string | null>(null);
  const commandQuery = COMMAND_BEING_TYPED.exec(text)?.[1];
  const commandSuggestions = commandQuery !== undefined && commandsClosedAt !== text ? COMMAND_LIST.filter((c) => c.name.startsWith(commandQuery)) : [];
  const commandIndex = Math.min(commandActive, Math.max(0, commandSuggestions.length - 1));
  const input = useRef<HTMLTextAreaElement>(null);
  const emojiSuggest = useEmojiSuggest(input, text, setText);
  // An insertion made before this box existed (another channel's) is not this box's.
  const inserted = useRef(insertion?.seq ?? 0);
  useEffect(() => {
    if (!insertion || insertion.seq === inserted.current) return;
    inserted.current = insertion.seq;
    setText((current) => `${current}${current && !/\s$/.test(current) ? " " : ""}${insertion.text} `);
    input.current?.focus();
  }, [insertion]);
  const picker = useRef<HTMLInputElement>(null);
  const limit = maxUploadMb * 1024 * 1024;

  const addFiles = (list: FileList | File[]) => {
    const accepted: Pending[] = [];
    for (const file of Array.from(list)) {
      if (file.size > limit) {
        setError(t("tooLarge", { name: file.name, max: Math.trunc(maxUploadMb) }));
        continue;
      }
      const preview = file.type.startsWith("image/") && typeof URL.createObjectURL === "function" ? URL.createObjectURL(file) : null;
      accepted.push({ file, key: `f${++seq}`, preview });
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
    setMention(match ? { query: match[1] ?? "", active: 0 } : null);
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

  /** The emoji picker's choice goes where the caret was; the picker stays open for more. */
  const insertAtCaret = (snippet: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    setText(text.slice(0, start) + snippet + text.slice(end));
    requestAnimationFrame(() => el?.setSelectionRange(start + snippet.length, start + snippet.length));
  };

  const completeCommand = (name: string) => {
    const next = `/${name} `;
    setText(next);
    setCommandActive(0);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.length, next.length));
  };

  /**
   * A command is answered before the box is cleared: a refusal (an unknown command, a bad argument)
   * shows its reason and leaves the text to be corrected; a notice shows by the box until dismissed.
   */
  const command = async () => {
    if (commandBusy) return;
    const sent = text;
    setCommandBusy(true);
    setNotice(null);
    try {
      const answer = await runCommand(channel, sent, replyTo?.id ?? null);
      setText((current) => (current === sent ? "" : current));
      onCancelReply();
      if ("ephemeral" in answer) setNotice(answer.ephemeral);
      refreshQuiet(); // a status or a mute may have changed
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t("networkError"));
    } finally {
      setCommandBusy(false);
      input.current?.focus();
    }
  };

  const send = () => {
    if (!text.trim() && files.length === 0) return;
    setError(null);
    if (files.length === 0 && isSlashCommand(text)) {
      void command();
      return;
    }
    onSend({ channel, text, files: files.map((f) => f.file), replyTo: replyTo?.id ?? null });
    forget(files);
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
            {t("replyingTo", { name: senderName(replyTo), text: `${replyTo.content.slice(0, 80)}${replyTo.content.length > 80 ? "\u2026" : ""}` })}
          </span>
          <button type="button" className="ml-auto rounded p-0.5 hover:bg-surface" onClick={onCancelReply} aria-label={t("cancelReply")} title={t("cancelReply")}>
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      ) : null}
      {files.length ? (
        <ul className="mb-2 flex flex-wrap gap-2" aria-label={t("filesToSend")}>
          {files.map((f) => (
            <li key={f.key} className="w-48 rounded border border-border bg-raised p-2 text-xs">
              <PendingPreview pending={f} />
              <div className="flex items-center gap-1">
                <span className="truncate" title={f.file.name}>{f.file.name}</span>
                <button type="button" className="ml-auto rounded p-0.5 hover:bg-surface" aria-label={t("remove", { name: f.file.name })} title={t("remove", { name: f.file.name })} onClick={() => {
                    forget([f]);
                    setFiles((c) => c.filter((x) => x.key !== f.key));
                  }}>
                  <X aria-hidden="true" className="size-4" />
                </button>
              </div>
              <div className="text-muted">{fileSize(f.file.size)}</div>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p role="alert" className="mb-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {notice ? (
        <div role="status" aria-label={t("onlyYou")} data-testid="ephemeral" className="mb-2 flex items-start gap-2 rounded border border-border bg-raised px-2 py-1 text-sm">
          <span className="flex-1 whitespace-pre-wrap break-words">{notice}</span>
          <span className="text-xs text-muted">{t("onlyYou")}</span>
          <button type="button" className="rounded p-0.5 hover:bg-surface" onClick={() => setNotice(null)} aria-label={t("dismissNotice")} title={t("dismiss")}>
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      ) : null}
      {commandSuggestions.length ? (
        <ul role="listbox" aria-label={t("commandSuggestions")} className="mb-2 max-w-md rounded border border-border bg-raised py-1 text-sm">
          {commandSuggestions.map((c, i) => (
            <li key={c.name} role="option" aria-selected={i === commandIndex}>
              <button
                type="button"
                onMouseDown={(e) => {
                  e.preventDefault();
                  completeCommand(c.name);
                }}
                className={`block w-full px-2 py-0.5 text-left ${i === commandIndex ? "bg-accent text-accent-fg" : ""}`}
              >
                <span className="font-mono">{t(`commands.${c.name as CommandKey}.usage`)}</span>{" "}
                <span className="text-xs opacity-70">{t(`commands.${c.name as CommandKey}.help`, { shrug: SHRUG })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {mention && candidates.length ? (
        <ul role="listbox" aria-label={t("mentionSuggestions")} className="mb-2 max-w-xs rounded border border-border bg-raised py-1 text-sm">
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
                @{name} {name === "everyone" ? <span className="text-xs opacity-70">{t("everyone")}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {emojiSuggest.list}
      <div role="group" aria-label={t("formatting")} className="relative mb-1 flex gap-1 text-sm">
        {FORMAT_BUTTONS.map((b) => (
          <button
            key={b.key}
            type="button"
            aria-label={t(b.label)}
            title={t(b.label)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              wrapSelection(WRAPS[b.key] ?? "");
              input.current?.focus();
            }}
            className="flex h-7 w-7 items-center justify-center rounded hover:bg-raised"
          >
            <b.Icon aria-hidden="true" className="size-4" />
          </button>
        ))}
        <button
          type="button"
          aria-label={t("emoji")}
          title={t("emoji")}
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen((open) => !open)}
          className="flex h-7 w-7 items-center justify-center rounded hover:bg-raised"
        >
          <Smile aria-hidden="true" className="size-4" />
        </button>
        {emojiOpen ? (
          <ReactionPicker
            title={t("emoji")}
            searchLabel={t("searchEmoji")}
            position="bottom-full left-0 mb-1"
            onPick={(name) => insertAtCaret(reactionEmoji(name))}
            onClose={() => {
              setEmojiOpen(false);
              input.current?.focus();
            }}
          />
        ) : null}
      </div>
      <div className="flex items-end gap-2">
        <button type="button" onClick={() => picker.current?.click()} className="rounded border border-border p-2 hover:bg-raised" aria-label={t("attach")} title={t("attach")}>
          <Paperclip aria-hidden="true" className="size-4" />
        </button>
        <input ref={picker} type="file" multiple hidden data-testid="file-input" onChange={(e) => { if (e.target.files) addFiles(e.target.files); e.target.value = ""; }} />
        <textarea
          ref={input}
          value={text}
          rows={3}
          aria-label={t("messageTo", { label })}
          data-composer="channel"
          placeholder={t("placeholder")}
          onChange={(e) => {
            setText(e.target.value);
            updateMention(e.target.value, e.target.selectionStart ?? e.target.value.length);
            emojiSuggest.update(e.target.value, e.target.selectionStart ?? e.target.value.length);
            // A command is nobody else's business: it shows no "typing…".
            if (!isSlashCommand(e.target.value)) typing();
          }}
          onPaste={(e) => {
            if (e.clipboardData.files.length) {
              e.preventDefault();
              addFiles(e.clipboardData.files);
            }
          }}
          onKeyDown={(e) => {
            if (emojiSuggest.onKeyDown(e)) return;
            if (commandSuggestions.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : -1;
                setCommandActive((commandIndex + step + commandSuggestions.length) % commandSuggestions.length);
                return;
              }
              const chosen = commandSuggestions[commandIndex];
              // Enter on a word already complete (`/help`) sends it; otherwise Enter and Tab complete it.
              if (chosen && !e.nativeEvent.isComposing && (e.key === "Tab" || (e.key === "Enter" && !e.shiftKey && text !== `/${chosen.name}`))) {
                e.preventDefault();
                completeCommand(chosen.name);
                return;
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setCommandsClosedAt(text);
                return;
              }
            }
            if (mention && candidates.length) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : -1;
                setMention({ ...mention, active: (mention.active + step + candidates.length) % candidates.length });
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                const chosen = candidates[mention.active];
                if (chosen !== undefined) insertMention(chosen);
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
          // Nothing to send yet: shown faded and announced as unavailable (it stays focusable).
          aria-disabled={!text.trim() && !files.length ? true : undefined}
          className={`rounded bg-accent px-3 py-2 font-semibold text-accent-fg ${!text.trim() && !files.length ? "inactive opacity-50" : ""}`}
        >
          {t("send")}
        </button>
      </div>
    </div>
  );
}
