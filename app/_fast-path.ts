// The hot routes the fast path answers (lib/http/fast-path.ts), each with the route file whose handlers it
// calls: the same functions Next.js calls for these paths, so the two doors cannot drift apart. A route
// listed here keeps serving through Next.js wherever the fast path is not installed. Underscored, so not a
// route itself; it lives in app/ because lib never imports app/.
import type { HotRoute } from "@/lib/http/fast-path";
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
];
