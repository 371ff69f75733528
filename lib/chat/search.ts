/** `GET /search_messages`: the caller's own copies, only in channels they can still see. */
import "server-only";
import { resolveChannel } from "@/lib/channels";
import { messageStore } from "@/lib/messages";
import type { SearchHit } from "./wire";
import { visibleChannels } from "./sidebar";

export const SEARCH_LIMIT = 50;

/** What `/search_messages` asks for, parsed from its query (lib/chat/schemas.ts); "" is no filter. */
export interface SearchParams {
  q: string;
  from: string;
  channel: string;
  start: number | undefined;
  end: number | undefined;
}

export async function search(user: string, params: SearchParams): Promise<SearchHit[]> {
  const { q, from, channel: channelParam, start, end } = params;
  if (!q && !from && !channelParam && start === undefined && end === undefined) return [];
  const channel = channelParam ? (await resolveChannel(user, channelParam)).id : undefined;
  return messageStore().search(user, {
    q: q || undefined,
    from: from || undefined,
    channel,
    start,
    end,
    visible: await visibleChannels(user),
    limit: SEARCH_LIMIT,
  });
}
