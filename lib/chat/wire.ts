/**
 * The chat API's answers as a client receives them: types only, so the web client can name them
 * without pulling a server module into its bundle (type imports are erased). Shapes built by a
 * lower layer are re-exported from there, so each has one definition; `__tests__/wire.test.ts`
 * checks that the answers carry exactly these fields.
 */
import type { CodePreview } from "@/lib/previews/code";
import type { OgPreview } from "@/lib/previews/link";

/** A message as `/messages` and `/message/<id>` answer it. */
export interface ApiMessage {
  channel: string;
  content: string;
  content_type: string;
  deleted: number;
  deleted_ts: number | null;
  edited: number;
  edited_ts: number | null;
  filename: string | null;
  id: number;
  mentions: string | null;
  reactions: string | null;
  reactions_ts: number | null;
  reply_to_id: number | null;
  sender: string;
  ts: number;
  /** Our addition: when the row last changed in any way; a later `?after=` may start from it. */
  updated_ts: number;
  /**
   * Our addition: the tribune identity (User-Agent or chosen /name, raw) the message was posted under;
   * null for web sends. An anonymous tribune post has `sender` "" and only this to name its poster.
   */
  agent: string | null;
  /*
   * Our additions (issue 16), always on `/messages`, `/thread/<id>` and the JSON answers of send/edit/
   * delete/react rows; optional because other row-shaped payloads (outgoing webhooks, rows a client made
   * itself) leave them out.
   */
  /** A reply's thread root (the top of its reply chain); null for anything else. */
  root_id?: number | null;
  /** 1 for a reply sent to its thread only: clients that know threads show it there, not in the channel. */
  thread_only?: number;
  /** On a thread's root: live replies, the newest one's time, the latest repliers (newest first); 0/null/[] elsewhere. */
  reply_count?: number;
  last_reply_ts?: number | null;
  participants?: string[];
}

/** A thread's summary, as `/thread/<id>` and `/threads` answer it (root rows of `/messages` carry the same fields). */
export interface ApiThreadSummary {
  reply_count: number;
  last_reply_ts: number | null;
  participants: string[];
}

/** `GET /thread/<id>`. */
export interface ApiThread {
  root_id: number;
  channel: string;
  root: ApiMessage;
  /** Oldest first. */
  replies: ApiMessage[];
  summary: ApiThreadSummary;
  following: boolean;
  /** Replies of others since the caller last read the thread (`POST /thread/<id>/read`). */
  unread: number;
}

/** One entry of `GET /threads`. */
export interface FollowedThreadEntry {
  root_id: number;
  channel: string;
  root: ApiMessage;
  summary: ApiThreadSummary;
  unread: number;
  /** The newest reply's time, else the root's. */
  last_activity: number;
}

/** `GET /threads`. */
export interface ApiFollowedThreads {
  threads: FollowedThreadEntry[];
  total_unread: number;
  unread_threads: number;
}

/** One row of `/search_messages`. */
export type { SearchHit } from "@/lib/messages";

/** One `change` event of `/events` (and its kinds). */
export type { ChangeEvent, ChangeKind } from "@/lib/events";

/** The cards `/link_preview` answers (defined where the server builds them). */
export type { CodePreview, OgPreview };

/** `/link_preview`: a code card, an Open Graph card, or `{}` when there is nothing to show. */
export type LinkPreviewAnswer = CodePreview | OgPreview | Record<string, never>;

/** One row of `/private_channels`. */
export interface PrivateChannelEntry {
  id: number;
  channel: string;
  name: string;
  unread: number;
  members: string[];
}

/** One row of `/dms`. */
export interface DmEntry {
  channel: string;
  users: string[];
  unread: number;
}

/** One channel as `/channels/browse` and the admin routes answer it. */
export interface ChannelSummary {
  id: string;
  name: string;
  purpose: string;
  archived: boolean;
  /** Named in settings.json (cannot be archived). */
  configured: boolean;
  member_count: number;
  /** The caller is in it (shown in their sidebar when not archived). */
  joined: boolean;
  /** The caller may rename, archive and unarchive it (an admin); admins also create channels. */
  can_manage: boolean;
}
