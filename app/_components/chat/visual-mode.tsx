"use client";

import { useCallback, useRef, useState } from "react";
import { useTranslations } from "use-intl";
import { senderName } from "@/lib/client/senders";
import type { Message } from "@/lib/client/types";
import { focusComposer, selectableIds, type VisualCommand } from "./keyboard";

/** A command the selected message's own row carries out (it opens its editor or its reaction picker). */
export interface RowCommand {
  id: number;
  kind: "edit" | "react";
  seq: number;
}

interface VisualModeOptions {
  messages: Message[];
  me: string;
  onReply: (target: Message) => void;
  /** Deleting always goes through the confirmation dialog. */
  onDelete: (target: Message) => void;
  /** A short note for the reader (`ok` for success); null clears it. */
  say: (toast: { text: string; ok?: boolean } | null) => void;
}

/**
 * Visual mode (spec §5.8): one message selected from the keyboard, and what its keys do. The keys
 * themselves are read in `keyboard.ts`; this holds the selection and carries the commands out.
 */
export function useVisualMode({ messages, me, onReply, onDelete, say }: VisualModeOptions) {
  const t = useTranslations("messages.visual");
  const [selected, setSelected] = useState<number | null>(null);
  const [rowCommand, setRowCommand] = useState<RowCommand | null>(null);
  // Deleting from the keyboard takes d twice (as in vim): one stray key never loses a message.
  const armedDelete = useRef<{ id: number; at: number } | null>(null);

  const select = (id: number | null) => {
    setRowCommand(null);
    armedDelete.current = null;
    setSelected(id);
  };

  /** Another channel: nothing stays selected and no command is pending. */
  const reset = useCallback(() => {
    setSelected(null);
    setRowCommand(null);
  }, []);

  const run = (id: number, command: VisualCommand) => {
    const target = messages.find((m) => m.id === id);
    if (!target) return;
    const mine = target.sender === me;
    const armed = armedDelete.current;
    armedDelete.current = null;
    if (command === "reply") {
      setSelected(null);
      onReply(target);
      focusComposer();
    } else if (command === "copy") {
      void navigator.clipboard?.writeText(target.content).then(
        () => say({ text: t("copied"), ok: true }),
        () => say({ text: t("copyFailed") }),
      );
    } else if (command === "react") {
      setSelected(null);
      setRowCommand({ id, kind: "react", seq: Date.now() });
    } else if (!mine) {
      say({ text: t("onlyOwn", { command }) });
    } else if (command === "edit") {
      if (target.filename) return say({ text: t("attachmentEdit") });
      setSelected(null);
      setRowCommand({ id, kind: "edit", seq: Date.now() });
    } else if (!armed || armed.id !== id || Date.now() - armed.at > 3000) {
      armedDelete.current = { id, at: Date.now() };
      say({ text: t("pressAgain") });
    } else {
      say(null);
      onDelete(target);
    }
  };

  /** A message is going: the selection moves to its neighbour rather than vanishing with it. */
  const deleting = (target: Message) => {
    if (selected !== target.id) return;
    const rows = selectableIds();
    const at = rows.indexOf(target.id);
    setSelected(rows[at - 1] ?? rows[at + 1] ?? null);
  };

  const selectedMessage = selected === null ? null : (messages.find((m) => m.id === selected) ?? null);
  return { selected, selectedMessage, rowCommand, select, reset, run, deleting };
}

/** The status line while visual mode is on: what is selected (read out to screen readers) and the keys. */
export function VisualModeStatus({ message }: { message: Message | null }) {
  const t = useTranslations("messages.visual");
  return (
    <p className="mx-3 mb-1 text-xs text-muted" role="status">
      {message ? `${t("selected", { name: senderName(message), text: message.content.slice(0, 60) })} ` : ""}
      {t("keys")}
    </p>
  );
}
