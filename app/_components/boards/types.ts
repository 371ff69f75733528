/**
 * The boards as the browser sees them: the JSON shapes of the boards' routes (and of the props the
 * pages hand to client components). Client code never imports lib/boards (server-only); the
 * server's BoardPost and ThreadSummary fit these structurally.
 */
export interface PostView {
  id: number;
  content: string;
  author: string | null;
  /** "YYYY-MM-DD HH:MM:SS" UTC, when the post was made. */
  created: string;
  /** When last edited: seconds (the pages, the POST answers) or "YYYY-MM-DD HH:MM:SS" UTC (`…/posts`). */
  edited_ts?: number | null;
  edited?: string | null;
  deleted?: boolean;
  image_url: string | null;
  thumbnail_url: string | null;
}

export interface ThreadView {
  id: number;
  board: string;
  title: string;
  author: string | null;
  created: string;
  bumped: string;
  replies: number;
  images: number;
  sticky: boolean;
  locked: boolean;
}

export interface BoardChoice {
  slug: string;
  title: string;
}

/** The upload limit: the hint's megabytes, and the server's words for a file over it. */
export interface UploadLimit {
  mb: number;
  tooLarge: string;
}

export const maxFileOf = (limit: UploadLimit) => ({ bytes: limit.mb * 1024 * 1024, message: limit.tooLarge });

/** What the page knows about the reader. */
export interface Viewer {
  me: string | null;
  admin: boolean;
}

export const boardUrl = (board: string) => `/boards/${encodeURIComponent(board)}/`;
export const threadUrl = (board: string, id: number) => `/boards/${encodeURIComponent(board)}/${id}/`;
/** A thread's action route (`reply`, `lock`, `posts/7/edit`…), without a trailing slash, as the routes are. */
export const threadAction = (board: string, id: number, action: string) => `/boards/${encodeURIComponent(board)}/${id}/${action}`;

/** When a post was last edited, as "YYYY-MM-DD HH:MM:SS" UTC; null if never. */
export function editedAt(post: Pick<PostView, "edited_ts" | "edited">): string | null {
  if (post.edited) return post.edited;
  return post.edited_ts ? new Date(post.edited_ts * 1000).toISOString().slice(0, 19).replace("T", " ") : null;
}

/**
 * How the boards write a time: day and minute in UTC, in the page's language ("Dec 3, 2026, 12:04 UTC",
 * "3 déc. 2026, 12:04 UTC"). UTC and a 24-hour clock give the same text on the server and in the browser.
 */
const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone: "UTC",
  timeZoneName: "short",
};

/** "2026-12-03 12:04:05" (UTC) as a Date; an invalid date for anything else. */
export const utcDate = (stamp: string) => new Date(`${stamp.replace(" ", "T")}Z`);

/** A "YYYY-MM-DD HH:MM:SS" UTC time as the boards show it in `locale`; a stamp that is not a time stays as it came. */
export function boardTime(stamp: string, locale: string): string {
  const date = utcDate(stamp);
  if (Number.isNaN(date.getTime())) return stamp;
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.DateTimeFormat(locale, TIME_FORMAT)));
  return format.format(date);
}

const formats = new Map<string, Intl.DateTimeFormat>();
