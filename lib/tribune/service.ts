// The tribune face: one request in, one answer out, with no HTTP framework in sight (the Node adapter in
// lib/http/node.ts carries it over the wire, where header casing is kept: spec §11.3). Every URL of spec
// §2.1 at /tribune/ (the first public channel) and /tribune/<channel>/; the answers of §2.2–2.9 and §4.2 with
// the fixes of §11.2. Posts go through the chat's own core (lib/messaging), so a coincoin's post is a chat
// message like any other and a chat message is a post in every backend, under the same global id.
import "server-only";
import busboy from "busboy";
import { parseCookies } from "@/lib/auth/session";
import { settings } from "@/lib/config";
import { isDomainError } from "@/lib/errors";
import { isPublicChannel, publicChannelsReady } from "@/lib/channels";
import { send, sendAnonymous } from "@/lib/messaging/write";
import { parseWindow, windowInput, type Direction, type TribuneWindow } from "./args";
import { commandName, type BakState } from "@/lib/bak/rules";
import { boardPage, discoveryXml, urlsPage } from "./board";
import { httpDate, notModifiedSince } from "./conditional";
import { crapXmlBody, jsonBody, localStamp, plainBody, tsvBody, xmlBody, type TribunePost } from "./formats";
import { identify, NAME_COOKIE, type Identity, type RequestHeaders } from "./identity";
import { keptAnswer, postsAtClock, windowPosts } from "./posts";
import { resolveRoute, type Format, type TribuneRoute } from "./routes";
import { guestCookie, guestIdOf, ownedIds, readerBak, rememberOwned, runBakCommand, type Reader } from "./state";
import { archiveUrls } from "./urls";

/** Posts are at most this many characters (spec §7, DESIGN tribune decision 6). */
export const POST_MAX_LENGTH = 500;
/** Bodies of post views are read up to this size; anything larger is refused before parsing. */
export const POST_BODY_LIMIT = 64 * 1024;

export type TribuneRequest = {
  method: string;
  /** The path after `/tribune`, split on `/` and %-decoded; a trailing slash leaves a last "". */
  segments: string[];
  query: URLSearchParams;
  /** Header names in lower case, values as Node gives them. */
  headers: RequestHeaders;
  body: Buffer | null;
  /** The request reached us over TLS: cookies we set are Secure. */
  secure?: boolean;
};

/** Header names are written exactly as given here (wmcoincoin compares `X-Post-Id:` byte for byte). */
export type TribuneAnswer = { status: number; headers: Array<[string, string]>; body: string };

const CONTENT_TYPES: Record<Format, string> = {
  plain: "text/plain; charset=utf-8",
  tsv: "text/tab-separated-values; charset=utf-8",
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  crap: "application/xml; charset=utf-8",
};
const TEXT = "text/plain; charset=utf-8";
const NO_CACHE: Array<[string, string]> = [
  ["Pragma", "no-cache"],
  ["Cache-Control", "no-cache, no-store, must-revalidate, max-age=0"],
];

const text = (status: number, body: string, headers: Array<[string, string]> = []): TribuneAnswer => ({
  status,
  headers: [["Content-Type", TEXT], ...headers],
  body,
});
const contentError = (message: string) => text(400, `* content: ${message}`);

/** The site clients are told: settings, else the request's own host over http:// (spec §2.7). */
function siteOf(headers: RequestHeaders): string {
  const configured = settings().tribune.site;
  if (configured) return configured;
  const host = headers.host ?? "";
  return `http://${/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host) ? host : "localhost"}`;
}

type Rendering = { format: Format; direction: Direction; timeZone: string; site: string; tableWidth: number; isOwned?: (post: TribunePost) => boolean };

/** A backend body of posts given newest first. */
function render(posts: readonly TribunePost[], r: Rendering): string {
  const ordered = r.direction === "asc" ? [...posts].reverse() : posts;
  switch (r.format) {
    case "plain": return plainBody(ordered, { timeZone: r.timeZone, tableWidth: r.tableWidth });
    case "tsv": return tsvBody(ordered, { timeZone: r.timeZone });
    case "json": return jsonBody(ordered, { timeZone: r.timeZone, isOwned: r.isOwned });
    case "xml": return xmlBody(ordered, { timeZone: r.timeZone, site: r.site });
    case "crap": return crapXmlBody(ordered, { timeZone: r.timeZone, site: r.site });
  }
}

const viewDefault = (format: Format): Direction => (format === "xml" || format === "crap" ? "desc" : "asc");
const hasRules = (bak: BakState | null) => !!bak?.active && bak.rules.length > 0;

/** The form fields of a post: url-encoded (any charset parameter) or multipart; other bodies have none. */
export async function formFields(body: Buffer | null, contentType: string | undefined): Promise<URLSearchParams> {
  const type = (contentType ?? "").toLowerCase();
  if (!body || body.length === 0) return new URLSearchParams();
  if (type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams(body.toString("utf8"));
  if (!type.startsWith("multipart/form-data")) return new URLSearchParams();
  return new Promise((resolve) => {
    const fields = new URLSearchParams();
    try {
      const parser = busboy({ headers: { "content-type": contentType! }, limits: { fields: 20, fieldSize: POST_BODY_LIMIT, files: 0 } });
      parser.on("field", (name, value) => fields.append(name, value));
      parser.on("close", () => resolve(fields));
      parser.on("error", () => resolve(fields));
      parser.end(body);
    } catch {
      resolve(fields); // a multipart type without a usable boundary: no fields
    }
  });
}

type Context = { route: TribuneRoute; channel: string; identity: Identity; reader: Reader; request: TribuneRequest; cookies: Map<string, string> };

async function backend(ctx: Context, format: Format): Promise<TribuneAnswer> {
  const parsed = parseWindow(windowInput(ctx.request.query));
  if (!parsed.ok) return text(400, parsed.error);
  const { window, tableWidth } = parsed;
  const bak = await readerBak(ctx.reader);
  const owned = format === "json" ? await ownedIds(ctx.reader) : new Set<number>();
  const user = ctx.identity.user;
  const r: Rendering = {
    format, tableWidth, direction: window.direction ?? viewDefault(format),
    timeZone: settings().tribune.time_zone, site: siteOf(ctx.request.headers),
    isOwned: (post) => (user !== null && post.login === user) || owned.has(post.id),
  };
  const compute = async () => {
    const posts = await windowPosts(ctx.channel, window, bak);
    if (posts.length === 0) return null;
    return { body: render(posts, r), lastModified: Math.max(...posts.map((post) => post.time)) };
  };
  // Readers without filters (or owned posts, for JSON) all get the same answer: it is made once per change.
  const shared = !hasRules(bak) && (format !== "json" || (user === null && owned.size === 0));
  // The key is the answer's real inputs only, so that spellings of one window share one entry.
  const key = [format, window.limit, r.direction, Math.max(window.lastId, 0), format === "plain" ? tableWidth : "", format === "xml" || format === "crap" ? r.site : "", r.timeZone].join("|");
  const answer = shared ? await keptAnswer(ctx.channel, key, compute, (kept) => kept?.body.length ?? 0) : await compute();
  // Nothing in the window: the "nothing new" signal, with no date to give (spec §2.2.4).
  if (!answer) return { status: 304, headers: [], body: "" };
  const lastModified: [string, string] = ["Last-Modified", httpDate(answer.lastModified)];
  if (notModifiedSince(answer.lastModified, ctx.request.headers["if-modified-since"])) return { status: 304, headers: [lastModified], body: "" };
  return { status: 200, headers: [["Content-Type", CONTENT_TYPES[format]], ...NO_CACHE, lastModified, ["Vary", "Cookie"]], body: answer.body };
}

const CLOCK = /^(?:([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?|([0-9]{2})([0-9]{2})([0-9]{2}))$/;

async function clockFinder(ctx: Context, clock: string): Promise<TribuneAnswer> {
  const match = CLOCK.exec(clock);
  const [h, m, s] = match ? (match[1] !== undefined ? [match[1], match[2]!, match[3] ?? "00"] : [match[4]!, match[5]!, match[6]!]) : [];
  if (!h || !m || !s || Number(h) > 23 || Number(m) > 59 || Number(s) > 59) {
    return text(400, "Unvalid clock format, should be 00:00[:00][^1]");
  }
  const parsed = parseWindow(windowInput(ctx.request.query));
  if (!parsed.ok) return text(400, parsed.error);
  const timeZone = settings().tribune.time_zone;
  const wanted = `${h}${m}${s}`;
  const bak = await readerBak(ctx.reader);
  const find = () => postsAtClock(ctx.channel, (ts) => localStamp(ts, timeZone).slice(8) === wanted, parsed.window, bak);
  // A search through every date: without filters, its result is kept until the channel changes.
  const key = ["clock", wanted, parsed.window.limit, Math.max(parsed.window.lastId, 0), timeZone].join("|");
  const posts = hasRules(bak) ? await find() : await keptAnswer(ctx.channel, key, find, (found) => found.reduce((n, p) => n + p.raw.length + p.webRender.length, 0));
  const owned = await ownedIds(ctx.reader);
  const user = ctx.identity.user;
  const body = render(posts, {
    format: "json", direction: parsed.window.direction ?? "asc", timeZone, site: "", tableWidth: 0,
    isOwned: (post) => (user !== null && post.login === user) || owned.has(post.id),
  });
  return { status: 200, headers: [["Content-Type", CONTENT_TYPES.json], ...NO_CACHE], body };
}

/** `/name` and `/nick` (spec §6.2): the custom-name cookie, set for 3 bytes or more, deleted otherwise. */
function nameCookie(content: string, secure: boolean): string {
  const name = content.split(" ").slice(1).join(" ");
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length < 3) return `${NAME_COOKIE}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  return `${NAME_COOKIE}=${bytes.toString("base64")}; Path=/; Max-Age=1209600; SameSite=Lax${secure ? "; Secure" : ""}`;
}

type Posted = { ok: true; id: number | null; cookies: string[] } | { ok: false; answer: TribuneAnswer };

/** Validates and carries out a post: a command, or a message written through the chat's core. Nothing is written on refusal. */
export async function carryOut(ctx: Context, content: string | null): Promise<Posted> {
  if (content === null || content.trim() === "") return { ok: false, answer: contentError("This field is required.") };
  const length = Array.from(content).length;
  if (length > POST_MAX_LENGTH) {
    return { ok: false, answer: contentError(`Ensure this value has at most ${POST_MAX_LENGTH} characters (it has ${length}).`) };
  }
  const command = commandName(content);
  const secure = ctx.request.secure ?? false;
  if (command === "name" || command === "nick") return { ok: true, id: null, cookies: [nameCookie(content, secure)] };
  if (command === "bak") {
    const outcome = await runBakCommand(ctx.reader, content);
    if (!outcome.ok) return { ok: false, answer: contentError(outcome.error) };
    if (outcome.newGuestId) ctx.reader.guestId = outcome.newGuestId;
    return { ok: true, id: null, cookies: outcome.newGuestId ? [guestCookie(outcome.newGuestId, secure)] : [] };
  }
  // `/lastfm` and every other text are posted as they are (DESIGN tribune decision 6).
  const { user, agent } = ctx.identity;
  let id: number;
  try {
    const sent = user
      ? await send(user, ctx.channel, { text: content, replyTo: null, files: [] }, { maxLength: POST_MAX_LENGTH, agent })
      : await sendAnonymous(ctx.channel, agent, content, { maxLength: POST_MAX_LENGTH });
    id = sent.ids[0]!;
  } catch (err) {
    if (isDomainError(err) && err.code === "invalid") return { ok: false, answer: contentError(err.message) };
    if (isDomainError(err) && err.code === "forbidden") return { ok: false, answer: text(403, err.message) }; // an archived channel (issue 16)
    throw err;
  }
  await archiveUrls(content, { messageId: id, channel: ctx.channel, author: user });
  const newGuest = await rememberOwned(ctx.reader, id);
  if (newGuest) ctx.reader.guestId = newGuest;
  return { ok: true, id, cookies: newGuest ? [guestCookie(newGuest, secure)] : [] };
}

async function postView(ctx: Context, format: Format): Promise<TribuneAnswer> {
  const form = await formFields(ctx.request.body, ctx.request.headers["content-type"]);
  const parsed = parseWindow(windowInput(ctx.request.query, form));
  if (!parsed.ok) return text(400, parsed.error);
  const posted = await carryOut(ctx, form.get("content"));
  if (!posted.ok) return posted.answer;
  const extra: Array<[string, string]> = [
    ...NO_CACHE,
    ...(posted.id !== null ? [["X-Post-Id", String(posted.id)] as [string, string]] : []),
    ...posted.cookies.map((cookie): [string, string] => ["Set-Cookie", cookie]),
  ];
  const { window, tableWidth } = parsed;
  // The XML views answer an empty 200 unless the client asked for what is new since `last_id` (spec §4.2).
  if ((format === "xml" || format === "crap") && window.lastId === 0) return { status: 200, headers: [["Content-Type", TEXT], ...extra], body: "" };
  const bak = await readerBak(ctx.reader);
  const owned = await ownedIds(ctx.reader);
  const user = ctx.identity.user;
  const posts = await windowPosts(ctx.channel, window as TribuneWindow, bak);
  const body = render(posts, {
    format, tableWidth, direction: window.direction ?? viewDefault(format),
    timeZone: settings().tribune.time_zone, site: siteOf(ctx.request.headers),
    isOwned: (post) => (user !== null && post.login === user) || owned.has(post.id),
  });
  return { status: 200, headers: [["Content-Type", CONTENT_TYPES[format]], ...extra], body };
}

const ALLOWED: Record<TribuneRoute["view"]["kind"], readonly string[]> = {
  board: ["GET", "POST"],
  urls: ["GET", "POST"],
  discovery: ["GET"],
  clock: ["GET"],
  remote: ["GET"],
  post: ["POST", "PUT"],
};

/** Answers one tribune request. */
export async function handleTribune(request: TribuneRequest): Promise<TribuneAnswer> {
  await publicChannelsReady(); // channels created at runtime are boards too (issue 16)
  const route = resolveRoute(request.segments, isPublicChannel);
  if (!route) return text(404, "Not found");
  const allowed = ALLOWED[route.view.kind];
  if (!allowed.includes(request.method)) return text(405, "Method not allowed", [["Allow", allowed.join(", ")]]);
  const channel = route.channel ?? settings().channels[0];
  const { anonymous } = settings().tribune;
  if (route.view.kind === "discovery") {
    const body = discoveryXml({ site: siteOf(request.headers), channel: route.channel, open: anonymous });
    return { status: 200, headers: [["Content-Type", CONTENT_TYPES.xml]], body };
  }
  const query = request.query.toString();
  const who = await identify(request.headers, request.method, `/tribune/${request.segments.join("/")}${query ? `?${query}` : ""}`);
  if (!who.ok) return text(who.status, who.message, who.status === 401 ? [["WWW-Authenticate", 'Basic realm="tribune", charset="UTF-8"']] : []);
  if (!who.identity.user && !anonymous) return text(403, "The tribune is locked");
  const cookies = parseCookies(request.headers.cookie ?? null);
  const reader: Reader = { user: who.identity.user, guestId: who.identity.user ? null : guestIdOf(cookies) };
  const ctx: Context = { route, channel, identity: who.identity, reader, request, cookies };
  switch (route.view.kind) {
    case "remote": return backend(ctx, route.view.format);
    case "post": return postView(ctx, route.view.format);
    case "clock": return clockFinder(ctx, route.view.clock);
    case "board": return boardPage(ctx, route.view.noscript, carryOut, request.method === "POST" ? await formFields(request.body, request.headers["content-type"]) : null);
    case "urls": return urlsPage(ctx, request.method === "POST" ? await formFields(request.body, request.headers["content-type"]) : null);
  }
}

export type { Context as TribuneContext };
