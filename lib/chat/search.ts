/** `GET /search_messages`: the caller's own copies, only in channels they can still see. */
import "server-only";
import { resolveChannel } from "@/lib/channels";
import { searchMessages, type SearchHit } from "@/lib/messages/queries";
import { freshFile } from "./messages";
import { visibleChannels } from "./sidebar";

export const SEARCH_LIMIT = 50;

export interface SearchParams {
  q: string | null;
  from: string | null;
  channel: string | null;
  start: string | null;
  end: string | null;
}

const optionalNumber = (raw: string | null) => {
  if (raw === null || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
};

export async function search(user: string, params: SearchParams): Promise<SearchHit[]> {
  const q = params.q?.trim() ?? "";
  const from = params.from?.trim() ?? "";
  const channelParam = params.channel?.trim() ?? "";
  const start = optionalNumber(params.start);
  const end = optionalNumber(params.end);
  if (!q && !from && !channelParam && start === undefined && end === undefined) return [];
  const channel = channelParam ? (await resolveChannel(user, channelParam)).id : undefined;
  return searchMessages(freshFile(user), {
    q: q || undefined,
    from: from || undefined,
    channel,
    start,
    end,
    visible: await visibleChannels(user),
    limit: SEARCH_LIMIT,
  });
}
