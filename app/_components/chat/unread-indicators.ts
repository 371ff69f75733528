"use client";

import { useEffect } from "react";
import { useTranslations } from "use-intl";

/**
 * The unread count outside the page: in the tab's title and as a dot on the favicon (`total`), and
 * on an installed app's icon (unread direct messages, `dmCount`).
 */
export function useUnreadIndicators(total: number, dmCount: number): void {
  const t = useTranslations("shell.app");
  const title = t("windowTitle", { count: total });
  useEffect(() => {
    document.title = title;
    setFaviconDot(total > 0);
  }, [title, total]);
  useEffect(() => {
    const nav = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
    if (dmCount > 0) void nav.setAppBadge?.(dmCount).catch(() => undefined);
    else void nav.clearAppBadge?.().catch(() => undefined);
  }, [dmCount]);
}

/** The favicon carries a red dot while anything is unread. */
function setFaviconDot(on: boolean) {
  const link = document.querySelector<HTMLLinkElement>("link[rel~='icon']");
  if (!link) return;
  link.dataset.plain ??= link.href;
  if (!on) {
    link.href = link.dataset.plain;
    return;
  }
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 32;
    const g = canvas.getContext("2d");
    if (!g) return;
    g.drawImage(image, 0, 0, 32, 32);
    g.fillStyle = "#e74c3c";
    g.beginPath();
    g.arc(25, 7, 7, 0, Math.PI * 2);
    g.fill();
    link.href = canvas.toDataURL("image/png");
  };
  image.src = link.dataset.plain;
}
