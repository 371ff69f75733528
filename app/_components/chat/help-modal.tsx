"use client";

import { Check, Circle } from "lucide-react";
import type { ReactNode } from "react";
import { useTranslations } from "use-intl";
import { Modal } from "./modal";

// The rows of each table, in order: their keys and what they do live in the catalogue (shell.help.<table>.<row>).
const SHORTCUTS = ["switcher", "step", "focus", "search", "newDm", "scroll", "scrollMore", "jump", "visual", "zoom", "help", "escape"] as const;
const COMPOSER = ["send", "format", "suggestions", "escape", "save"] as const;
const SWITCHER = ["move", "open", "close"] as const;
const VISUAL = ["move", "edit", "delete", "reply", "copy", "react", "leave"] as const;

function Keys({ rows }: { rows: { id: string; keys: string; what: string }[] }) {
  return (
    <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(({ id, keys, what }) => (
        <div key={id} className="contents">
          <dt><kbd className="rounded border border-border bg-raised px-1 font-mono text-xs">{keys}</kbd></dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A presence dot before its name, in its colour. */
const dot = (colour: string) =>
  function PresenceDot(chunks: ReactNode) {
    return (
      <>
        <Circle aria-hidden="true" className={`mr-0.5 inline size-2.5 fill-current align-baseline ${colour}`} />
        {chunks}
      </>
    );
  };

/** Keys, formatting, file limits and what the presence dots mean. */
export function HelpModal({ maxUploadMb, maxAvatarMb, onClose }: { maxUploadMb: number; maxAvatarMb: number; onClose: () => void }) {
  const t = useTranslations("shell.help");
  return (
    <Modal title={t("title")} onClose={onClose} wide>
      <h3 className="mb-1 font-semibold">{t("shortcutsHeading")}</h3>
      <Keys rows={SHORTCUTS.map((id) => ({ id, keys: t(`shortcuts.${id}.keys`), what: t(`shortcuts.${id}.what`) }))} />
      <h3 className="mb-1 font-semibold">{t("composerHeading")}</h3>
      <Keys rows={COMPOSER.map((id) => ({ id, keys: t(`composer.${id}.keys`), what: t(`composer.${id}.what`) }))} />
      <h3 className="mb-1 font-semibold">{t("switcherHeading")}</h3>
      <Keys rows={SWITCHER.map((id) => ({ id, keys: t(`switcher.${id}.keys`), what: t(`switcher.${id}.what`) }))} />
      <h3 className="mb-1 font-semibold">{t("visualHeading")}</h3>
      <Keys rows={VISUAL.map((id) => ({ id, keys: t(`visual.${id}.keys`), what: t(`visual.${id}.what`) }))} />
      <h3 className="mb-1 font-semibold">{t("formattingHeading")}</h3>
      <p className="mb-4 text-sm">{t("formatting")}</p>
      <h3 className="mb-1 font-semibold">{t("filesHeading")}</h3>
      <p className="mb-4 text-sm">{t("files", { upload: Math.trunc(maxUploadMb), avatar: Math.trunc(maxAvatarMb) })}</p>
      <h3 className="mb-1 font-semibold">{t("statusHeading")}</h3>
      <p className="text-sm">
        {t.rich("status", {
          active: dot("text-presence-active"),
          idle: dot("text-presence-idle"),
          offline: dot("text-presence-offline"),
          check: (chunks) => (
            <>
              <Check aria-hidden="true" className="inline size-3.5 align-text-bottom text-ok" />
              <span className="sr-only">{chunks}</span>
            </>
          ),
        })}
      </p>
    </Modal>
  );
}
