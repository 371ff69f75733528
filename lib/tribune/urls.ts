// The URL archive (spec §1.4, §2.10): the first five URLs of each tribune post, each URL kept once, newest
// first, searchable by URL or author.
import "server-only";
import { db, nowSeconds } from "@/lib/db/client";
import { messageStore } from "@/lib/messages";

/** URLs archived per post (spec §7 TRIBUNE_SAVE_URLS_BY_POST). */
const URLS_PER_POST = 5;
/** Rows per archive page (spec §7 TRIBUNE_ARCHIVE_URLS_MAX_LIMIT). */
export const URLS_PER_PAGE = 30;

// The schemes the renderer links; a URL ends at white space or at a character that closes it in text.
const URL = /\b(?:https?|ftp|gopher|chrome|git\+ssh|git|svn\+ssh|svn):\/\/[^\s<>"()[\]]+/g;

/** The URLs of a text, in order, each once, the first five. */
export function urlsOf(text: string): string[] {
  return [...new Set(text.match(URL) ?? [])].slice(0, URLS_PER_POST);
}

export async function archiveUrls(text: string, post: { messageId: number; channel: string; author: string | null }): Promise<void> {
  const urls = urlsOf(text);
  if (urls.length === 0) return;
  const createdAt = nowSeconds();
  for (const url of urls) {
    // A URL already archived (by any post) keeps its first entry.
    await db().tribuneUrl.upsert({ where: { url }, create: { url, ...post, createdAt }, update: {} });
  }
}

export type UrlRow = { url: string; author: string | null; channel: string; createdAt: number; messageId: number };

/** Whether the post a URL came from is still there (not deleted, not removed by retention or with its author). */
async function live(row: UrlRow): Promise<boolean> {
  return (await messageStore().archivePosts(row.channel, row.messageId - 1, row.messageId + 1, 1)).length > 0;
}

/**
 * One page of the archive, newest first; `pattern` matches the URL or the author. URLs whose post is gone
 * leave the archive as they are met (deleted messages leave every backend, this list included).
 */
export async function urlPage(page: number, pattern: string | null): Promise<{ rows: UrlRow[]; more: boolean }> {
  const where = pattern ? { OR: [{ url: { contains: pattern } }, { author: { contains: pattern } }] } : {};
  const read = () =>
    db().tribuneUrl.findMany({ where, orderBy: [{ createdAt: "desc" }, { messageId: "desc" }], skip: (page - 1) * URLS_PER_PAGE, take: URLS_PER_PAGE + 1 });
  let rows = await read();
  for (let round = 0; round < 5; round++) {
    const dead = (await Promise.all(rows.map(async (row) => ((await live(row)) ? null : row.url)))).filter((url): url is string => url !== null);
    if (dead.length === 0) break;
    await db().tribuneUrl.deleteMany({ where: { url: { in: dead } } });
    rows = await read();
  }
  return { rows: rows.slice(0, URLS_PER_PAGE), more: rows.length > URLS_PER_PAGE };
}
