// The hot routes the fast path answers (lib/http/fast-path.ts), each with the route file whose handlers it
// calls: the same functions Next.js calls for these paths, so the two doors cannot drift apart. A route
// listed here keeps serving through Next.js wherever the fast path is not installed. Underscored, so not a
// route itself; it lives in app/ because lib never imports app/.
import { RESERVED_BOARD_SLUGS } from "@/lib/config";
import type { HotRoute } from "@/lib/http/fast-path";
import * as boardsJson from "./boards/boards.json/route";
import * as threadsJson from "./boards/[board]/threads.json/route";
import * as threadPosts from "./boards/[board]/[id]/posts/route";
import * as channelUnreads from "./(chat)/channel_unreads/route";
import * as dms from "./(chat)/dms/route";
import * as events from "./(chat)/events/route";
import * as messages from "./(chat)/messages/[channel]/route";
import * as onlineUsers from "./(chat)/online_users/route";
import * as privateChannels from "./(chat)/private_channels/route";
import * as searchMessages from "./(chat)/search_messages/route";
import * as typing from "./(chat)/typing/[channel]/route";
import * as unreadCount from "./(chat)/unread_count/route";

/** The polled GETs (and their HEADs): every client asks these every few seconds, or holds /events open. */
export const HOT_ROUTES: readonly HotRoute[] = [
  { path: "/messages/:channel", module: messages },
  { path: "/channel_unreads", module: channelUnreads },
  { path: "/unread_count", module: unreadCount },
  { path: "/dms", module: dms },
  { path: "/private_channels", module: privateChannels },
  { path: "/typing/:channel", module: typing },
  { path: "/online_users", module: onlineUsers },
  { path: "/search_messages", module: searchMessages },
  { path: "/events", module: events, streams: true },
  // The boards' polls: an open thread asks for new posts every second, a board page for new threads.
  // `/boards/media/…`, `/boards/boards/…` and `/boards/reports/…` are folders of their own: Next.js's.
  { path: "/boards/boards.json", module: boardsJson },
  { path: "/boards/:board/threads.json", module: threadsJson, accepts: ({ board }) => !RESERVED_BOARD_SLUGS.has(board!) },
  { path: "/boards/:board/:id/posts", module: threadPosts, accepts: ({ board }) => !RESERVED_BOARD_SLUGS.has(board!) },
];
