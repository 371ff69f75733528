import { enc } from "@/lib/client/api";

/**
 * Every polled resource's SWR key, which is also its path: the hooks that read a resource and the
 * code that refreshes it after a change name it from here, so the two cannot drift apart.
 */
export const KEYS = {
  unreads: "/channel_unreads",
  mentions: "/channel_mentions",
  privateChannels: "/private_channels",
  dms: "/dms",
  online: "/online_users",
  dmUnreadCount: "/unread_count",
  userColors: "/user_colors",
  userAvatars: "/user_avatars",
  users: "/users",
  channelPreferences: "/channel_preferences",
  presenceOverride: "/presence/override",
} as const;

export const receiptsKey = (channel: string) => `/read_receipts/${enc(channel)}`;
export const typingKey = (channel: string) => `/typing/${enc(channel)}`;
export const membersKey = (channel: string) => `/channel_members/${enc(channel)}`;
