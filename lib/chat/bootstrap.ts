/**
 * What the web client asks for as it starts, answered while the page itself is rendered: the page
 * arrives with its sidebar, lists and the open channel's newest messages, instead of firing a dozen
 * requests once it has loaded. Keys are the client's own request paths, so these answers seed its
 * SWR cache exactly where its polls will later write.
 */
import "server-only";
import { otherMembers, resolveChannel } from "@/lib/channels";
import { listMessages, readReceipts, type ApiMessage } from "@/lib/chat/messages";
import { MESSAGE_PAGE } from "@/lib/client/constants";
import { userColors } from "@/lib/chat/profile";
import { channelMentions, channelUnreads, dmList, privateChannelList, unreadCount } from "@/lib/chat/sidebar";
import { settings } from "@/lib/config";
import { onlineUsers, typingUsers } from "@/lib/presence";
import { usersWithAvatars } from "@/lib/uploads/avatars";
import { otherUsernames } from "@/lib/users";

export interface Bootstrap {
  fallback: Record<string, unknown>;
  channel: string;
  messages: ApiMessage[];
  /** How close together one sender's messages are shown under one header (0: never grouped). */
  mergeWindowSeconds: number;
  /** The tribune's time zone (IANA name): norloges in messages are read on its clock. */
  tribuneTimeZone: string;
}

export async function bootstrap(user: string, channelName: string): Promise<Bootstrap> {
  const channel = await resolveChannel(user, channelName);
  const key = encodeURIComponent(channelName);
  const [unreads, mentions, privates, dms, online, dmUnread, colors, avatars, users, members, receipts, typing, messages] = await Promise.all([
    channelUnreads(user),
    channelMentions(user),
    privateChannelList(user),
    dmList(user),
    onlineUsers(),
    unreadCount(user),
    userColors(),
    usersWithAvatars(),
    otherUsernames(user),
    otherMembers(channel, user),
    readReceipts(user, channelName),
    typingUsers(channel.id, user),
    listMessages(user, channel, { after: 0, limit: MESSAGE_PAGE, before: null }),
  ]);
  return {
    channel: channelName,
    messages,
    mergeWindowSeconds: settings().merge_window_seconds,
    tribuneTimeZone: settings().tribune.time_zone,
    fallback: {
      "/channel_unreads": unreads,
      "/channel_mentions": mentions,
      "/private_channels": privates,
      "/dms": dms,
      "/online_users": online,
      "/unread_count": dmUnread,
      "/user_colors": colors,
      "/user_avatars": avatars,
      "/users": users,
      [`/channel_members/${key}`]: members,
      [`/read_receipts/${key}`]: receipts,
      [`/typing/${key}`]: typing,
    },
  };
}
