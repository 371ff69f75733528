"use client";

/**
 * Images in messages open large, over the chat, with previous/next over every image of the channel
 * view (in the order they are shown). ←/→ move, Esc closes; Tab stays inside the viewer, and focus
 * goes back to the image's link on close. Ctrl/⌘/Shift/middle-click keep the browser's own behaviour
 * (the original in a new tab).
 */
import { ChevronLeft, ChevronRight, X } from "lucide-react";
import { useEffect, useRef, useState, type MouseEvent as ReactMouseEvent } from "react";
import { createPortal } from "react-dom";
import { useFormatter, useTranslations } from "use-intl";

export interface LightboxImage {
  src: string;
  alt: string;
}

/** The uploaded images of the view `from` is in (the message list, else the page), in order. */
export function imagesAround(from: Element): { images: LightboxImage[]; elements: HTMLImageElement[] } {
  const scope = from.closest('[role="log"]') ?? from.ownerDocument.body;
  const elements = [...scope.querySelectorAll<HTMLImageElement>('[data-message-id] img[src^="/files/"]')];
  return { elements, images: elements.map((img) => ({ src: img.getAttribute("src")!, alt: img.alt })) };
}

export interface LightboxState {
  images: LightboxImage[];
  index: number;
}

/**
 * A click handler for a message's attachments: a plain click on an uploaded image opens the viewer
 * (`open`) over the view's images instead of following the link.
 */
export function lightboxClick(open: (state: LightboxState) => void) {
  return (e: ReactMouseEvent<HTMLElement>) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const target = e.target as Element;
    // Events from the open viewer (a portal) reach here through React's tree: not ours.
    if (!e.currentTarget.contains(target)) return;
    const img = target.closest("img") ?? target.closest("a")?.querySelector("img");
    if (!img || !img.getAttribute("src")?.startsWith("/files/")) return;
    e.preventDefault();
    const { elements, images } = imagesAround(img);
    const index = elements.indexOf(img);
    open(index >= 0 ? { images, index } : { images: [{ src: img.getAttribute("src")!, alt: img.alt }], index: 0 });
  };
}

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Lightbox({ images, index: first, onClose }: LightboxState & { onClose: () => void }) {
  const t = useTranslations("messages.lightbox");
  const format = useFormatter();
  const [index, setIndex] = useState(first);
  const dialog = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  const image = images[index];
  const hasPrevious = index > 0;
  const hasNext = index < images.length - 1;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => previous?.focus?.();
  }, []);

  // Keys go to the viewer wherever focus is (a button it disabled, say), and to nothing behind it.
  const count = images.length;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
      else if (e.key === "ArrowLeft") setIndex((i) => Math.max(0, i - 1));
      else if (e.key === "ArrowRight") setIndex((i) => Math.min(count - 1, i + 1));
      else if (e.key === "Tab") {
        const inside = [...(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
        const at = inside.indexOf(document.activeElement as HTMLElement);
        const next = at < 0 ? inside[0] : inside[(at + (e.shiftKey ? -1 : 1) + inside.length) % inside.length];
        next?.focus();
      } else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [count, onClose]);

  if (!image) return null;
  const move = (step: number) => setIndex((i) => Math.min(images.length - 1, Math.max(0, i + step)));

  return createPortal(
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/85 p-4"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
      data-testid="lightbox-backdrop"
    >
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-label={t("label", { index: index + 1, count: images.length })}
        className="relative flex max-h-full max-w-full flex-col items-center gap-2 text-white"
      >
        <div className="flex w-full items-center gap-3 text-sm">
          <span aria-live="polite">{t("position", { index: format.number(index + 1), count: format.number(images.length) })}</span>
          <a href={image.src} target="_blank" rel="noopener noreferrer" className="ml-auto underline">
            {t("openOriginal")}
          </a>
          <button ref={close} type="button" onClick={onClose} aria-label={t("close")} title={t("close")} className="rounded p-1 hover:bg-white/20">
            <X aria-hidden="true" className="size-6" />
          </button>
        </div>
        <div className="flex items-center gap-2">
          <button type="button" onClick={() => move(-1)} disabled={!hasPrevious} aria-label={t("previous")} title={t("previous")} className="rounded p-2 hover:bg-white/20 disabled:opacity-30">
            <ChevronLeft aria-hidden="true" className="size-8" />
          </button>
          {/* eslint-disable-next-line @next/next/no-img-element -- an upload behind an access check */}
          <img src={image.src} alt={image.alt} className="max-h-[80dvh] max-w-[80vw] rounded object-contain" />
          <button type="button" onClick={() => move(1)} disabled={!hasNext} aria-label={t("next")} title={t("next")} className="rounded p-2 hover:bg-white/20 disabled:opacity-30">
            <ChevronRight aria-hidden="true" className="size-8" />
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
