/**
 * The chat API's answers as a client receives them: types only, importing nothing that runs on the
 * server, so the web client can name them without pulling a server module into its bundle. The
 * server's own modules build these shapes; `__tests__/wire.test.ts` checks that the two agree.
 */
import type { CodePreview } from "@/lib/previews/code";

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
}

/** One row of `/search_messages`. */
export interface SearchHit {
  id: number;
  channel: string;
  sender: string;
  content: string;
  ts: number;
}

/** `accounts`: an account was deleted; messages already loaded may have changed sender or be gone. */
export type ChangeKind = "messages" | "receipts" | "reactions" | "private_channels" | "dms" | "accounts";

/** One `change` event of `/events`. */
export interface ChangeEvent {
  kind: ChangeKind;
  channel?: string;
}

/** A page's Open Graph card from `/link_preview`. */
export interface OgPreview {
  type: "og";
  title: string;
  description: string;
  image: string;
  domain: string;
  url: string;
}

export type { CodePreview };

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
