// The tribune's own pages (spec §2.8, §2.10): discovery XML for clients, and plain HTML for people: the board
// (newest posts and a form, no script needed) and the URL archive. Every value is escaped once, here.
import "server-only";
import { settings } from "@/lib/config";
import { DEFAULT_LIMIT } from "./args";
import { clockLabels, localStamp, type TribunePost } from "./formats";
import { windowPosts } from "./posts";
import { readerBak } from "./state";
import { urlPage, URLS_PER_PAGE } from "./urls";
import type { TribuneAnswer, TribuneContext } from "./service";

const BASE = "/tribune";
const HTML = "text/html; charset=utf-8";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const escapeXmlAttr = (text: string) => escapeHtml(text).replace(/&#39;/g, "'");

const boardPath = (channel: string | null) => `${BASE}/${channel === null ? "" : `${encodeURIComponent(channel)}/`}`;

/** Discovery (spec §2.8): where a client finds the backend and the post view, and whether anonymous may post. */
export function discoveryXml(input: { site: string; channel: string | null; open: boolean }): string {
  const host = input.site.replace(/^https?:\/\//, "");
  const name = input.channel === null ? host : `${host} - ${input.channel}`;
  const title = input.channel === null ? "Tribune" : `Tribune /${input.channel}/`;
  const base = boardPath(input.channel);
  const open = String(input.open);
  const a = escapeXmlAttr;
  return (
    "<?xml version='1.0' encoding='UTF-8'?>\n" +
    `<site baseurl="${a(input.site)}" name="${a(name)}" title="${a(name)}" version="0.7.9">` +
    `<board name="board" title="${a(title)}">` +
    `<backend path="${a(base)}remote/xml/" public="${open}" refresh="10" tags_encoded="false" />` +
    `<post anonymous="${open}" max_length="500" method="post" path="${a(base)}post/xml/"><field name="content">$m</field></post>` +
    "</board></site>"
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#58a6ff}}
ol{list-style:none;padding:0}li{padding:.15rem 0;overflow-wrap:anywhere}.clock{font-family:ui-monospace,monospace;opacity:.7}
.identity{font-weight:600;margin:0 .4rem}.anonymous{font-style:italic;font-weight:400}
form{display:flex;gap:.5rem}input[name=content]{flex:1;font:inherit;padding:.4rem}.error{color:#cf222e}
</style></head><body>${body}</body></html>`;
}

function postItem(post: TribunePost, { stamp, clock }: { stamp: string; clock: string }): string {
  const identity =
    post.login !== null
      ? `<span class="identity authenticated" title="${escapeHtml(post.info)}">${escapeHtml(post.login)}</span>`
      : `<span class="identity anonymous" title="${escapeHtml(post.info)}">${escapeHtml(Array.from(post.info).slice(0, 30).join(""))}</span>`;
  return `<li class="message" data-tribune-pk="${post.id}" data-tribune-created="${stamp}"><span class="clock">${clock}</span>${identity}<span class="content">${post.webRender}</span></li>`;
}

type PostFn = (ctx: TribuneContext, content: string | null) => Promise<{ ok: true; id: number | null; cookies: string[] } | { ok: false; answer: TribuneAnswer }>;

/**
 * The board (spec §2.10): the newest posts, oldest first, and a form. A post from the form redirects back to
 * the same board (spec §11.2 #9 fixed); an invalid one shows the board again with the error, as a 400.
 */
export async function boardPage(ctx: TribuneContext, noscript: boolean, post: PostFn, form: URLSearchParams | null): Promise<TribuneAnswer> {
  let error = "";
  if (ctx.request.method === "POST") {
    const posted = await post(ctx, form?.get("content") ?? null);
    if (posted.ok) {
      const search = ctx.request.query.toString();
      const location = `${boardPath(ctx.route.channel)}${noscript ? "noscript/" : ""}${search ? `?${search}` : ""}`;
      const headers: Array<[string, string]> = [["Location", location], ...posted.cookies.map((c): [string, string] => ["Set-Cookie", c])];
      if (posted.id !== null) headers.push(["X-Post-Id", String(posted.id)]);
      return { status: 302, headers, body: "" };
    }
    error = posted.answer.body.replace(/^\* content: /, "");
  }
  const timeZone = settings().tribune.time_zone;
  const posts = (await windowPosts(ctx.channel, { limit: DEFAULT_LIMIT, lastId: 0 }, await readerBak(ctx.reader))).reverse();
  const labels = clockLabels(posts, timeZone);
  const items = posts.map((p) => postItem(p, labels.get(p.id)!));
  const title = ctx.route.channel === null ? `Tribune ${ctx.channel}` : `Tribune /${ctx.channel}/`;
  const action = `${boardPath(ctx.route.channel)}${noscript ? "noscript/" : ""}`;
  const body =
    `<h1>${escapeHtml(title)}</h1><ol class="messages">${items.join("")}</ol>` +
    (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "") +
    `<form method="post" action="${escapeHtml(action)}"><input name="content" maxlength="500" aria-label="Message" autocomplete="off" required>` +
    `<button type="submit">Post</button></form>` +
    `<p><a href="${escapeHtml(`${boardPath(ctx.route.channel)}remote/xml/`)}">XML backend</a> · <a href="${BASE}/urls/">URL archive</a></p>`;
  return { status: error ? 400 : 200, headers: [["Content-Type", HTML], ["Cache-Control", "no-store"]], body: page(title, body) };
}

/** The URL archive (spec §2.10): `?page=N`, and a search by URL or author (`?pattern=`, or the reference's names). */
export async function urlsPage(ctx: TribuneContext, form: URLSearchParams | null): Promise<TribuneAnswer> {
  const query = ctx.request.query;
  const rawPage = query.get("page") ?? "1";
  if (!/^[0-9]{1,6}$/.test(rawPage) || Number(rawPage) < 1) return { status: 404, headers: [["Content-Type", "text/plain; charset=utf-8"]], body: "Invalid page" };
  const pageNumber = Number(rawPage);
  const pattern = form?.get("pattern") || query.get("pattern") || query.get("url__contains") || query.get("author__username__contains") || null;
  const { rows, more } = await urlPage(pageNumber, pattern);
  const timeZone = settings().tribune.time_zone;
  const items = rows.map((row) => {
    const stamp = localStamp(row.createdAt, timeZone);
    const when = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)} ${stamp.slice(8, 10)}:${stamp.slice(10, 12)}`;
    return `<li><span class="clock">${when}</span><span class="identity">${escapeHtml(row.author ?? "anonymous")}</span><a href="${escapeHtml(row.url)}" rel="nofollow noopener" class="external">${escapeHtml(row.url)}</a></li>`;
  });
  const link = (n: number) => `${BASE}/urls/?page=${n}${pattern ? `&pattern=${encodeURIComponent(pattern)}` : ""}`;
  const nav = [pageNumber > 1 ? `<a href="${escapeHtml(link(pageNumber - 1))}">Newer</a>` : "", more ? `<a href="${escapeHtml(link(pageNumber + 1))}">Older</a>` : ""].filter(Boolean).join(" · ");
  const body =
    `<h1>URL archive</h1><form method="get" action="${BASE}/urls/"><input name="pattern" value="${escapeHtml(pattern ?? "")}" aria-label="Search URLs or authors"><button type="submit">Search</button></form>` +
    `<ol>${items.join("") || "<li>No URL yet.</li>"}</ol><p>${nav}</p><p><a href="${BASE}/">Back to the tribune</a> · ${URLS_PER_PAGE} per page</p>`;
  return { status: 200, headers: [["Content-Type", HTML], ["Cache-Control", "no-store"]], body: page("URL archive", body) };
}
