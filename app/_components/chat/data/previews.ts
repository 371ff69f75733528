"use client";

import useSWR from "swr";
import { enc, getJson } from "@/lib/client/api";
import type { LinkPreviewAnswer } from "@/lib/chat/wire";

/** A link's card (`/link_preview`), once `enabled` (the message has scrolled into view). */
export const useLinkPreview = (url: string, enabled: boolean) =>
  useSWR<LinkPreviewAnswer>(enabled ? `/link_preview?url=${enc(url)}` : null, getJson, { revalidateOnFocus: false });

/** A text attachment's code card (`/file_preview`), once `enabled`. */
export const useFilePreview = (filename: string, enabled: boolean) =>
  useSWR<LinkPreviewAnswer>(enabled ? `/file_preview/${enc(filename)}` : null, getJson, { revalidateOnFocus: false });

/**
 * An attachment's size in bytes, once `enabled`, from a one-byte range request: Content-Range
 * carries the total. An error means the file is gone.
 */
export const useFileSize = (href: string, enabled: boolean) =>
  useSWR<number>(enabled ? `size ${href}` : null, async () => {
    const res = await fetch(href, { headers: { Range: "bytes=0-0" } });
    await res.body?.cancel();
    if (!res.ok) throw new Error("gone");
    const total = /\/(\d+)$/.exec(res.headers.get("content-range") ?? "")?.[1];
    return Number(total ?? res.headers.get("content-length") ?? 0);
  });
