"use client";

import { X } from "lucide-react";
import { useEffect, useRef } from "react";
import { useTranslations } from "use-intl";

/**
 * A dialog with a title; Esc or the backdrop closes it; focus moves in (to `data-autofocus` if an
 * element has it) and returns on close.
 */
export function Modal({ title, onClose, children, wide }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const t = useTranslations("dialogs.modal");
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    (box.current?.querySelector<HTMLElement>("[data-autofocus]") ?? box.current?.querySelector<HTMLElement>("input, textarea, select, button"))?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-black/60 p-4" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={box}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.preventDefault(); // Esc closes this dialog only (visual mode, say, stays on)
          onClose();
        }}
        className={`max-h-[90dvh] w-full overflow-y-auto rounded-lg border border-border bg-surface p-5 shadow-2xl ${wide ? "max-w-2xl" : "max-w-md"}`}
      >
        <div className="mb-4 flex items-center">
          <h2 className="text-lg font-semibold">{title}</h2>
          <button type="button" onClick={onClose} className="ml-auto rounded p-1 text-muted hover:bg-raised hover:text-fg" aria-label={t("close")} title={t("close")}>
            <X aria-hidden="true" className="size-5" />
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
