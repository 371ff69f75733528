/**
 * `GET /search_messages`: the caller's own copies, only in channels they can still see. `q` is parsed
 * by lib/chat/search-query.ts (words, "phrases", -exclusions, from:/in:/before:/after:/on:); the `from`
 * and `channel` parameters count as one more `from:` / `in:`, and `start`/`end` narrow the days further.
 */
import "server-only";
import { resolveChannel, dmId, isPublicChannel, publicChannelsReady } from "@/lib/channels";
import { forbidden, invalid } from "@/lib/errors";
import { messageStore } from "@/lib/messages";
import { publicChannels } from "@/lib/public-channels";
import { canonicalUsername } from "@/lib/users";
import { dayRange, isEmptyQuery, isTimeZone, parseSearchQuery } from "./search-query";
import type { SearchHit } from "./wire";
import { privateChannelList, visibleChannels } from "./sidebar";

export const SEARCH_LIMIT = 50;

/** The zone `before:`/`after:`/`on:` days are read in when the caller names none. */
export const DEFAULT_SEARCH_ZONE = "UTC";

/** What `/search_messages` asks for, parsed from its query (lib/chat/schemas.ts); "" is no filter. */
export interface SearchParams {
  q: string;
  from: string;
  channel: string;
  start: number | undefined;
  end: number | undefined;
  /** IANA zone or fixed offset for the query's days; "" is UTC. */
  tz?: string;
  /** Give each hit its neighbours in its channel. */
  context?: boolean;
}

/**
 * The channel ids an `in:` names: a public channel by id or shown name (any case, `~` optional), `@user` for the DM with
 * them, a private channel of the caller's by name (any case; every one of that name), or a channel id.
 * A channel the caller cannot see is refused as the `channel` parameter refuses it: plain 403
 * `forbidden`, whether or not it exists.
 */
async function channelsNamed(user: string, ref: string, privates: () => Promise<{ channel: string; name: string }[]>): Promise<string[]> {
  if (ref.startsWith("@")) {
    const other = ref.slice(1);
    const name = (await canonicalUsername(other)) ?? other;
    return [(await resolveChannel(user, dmId([user, name]))).id];
  }
  if (ref.startsWith("dm:") || ref.startsWith("private:") || isPublicChannel(ref)) return [(await resolveChannel(user, ref)).id];
  const name = ref.replace(/^~/, "").toLowerCase();
  await publicChannelsReady();
  // By id or by the name shown (a renamed channel keeps its id), any case.
  const publicMatch = publicChannels().find((c) => c.id.toLowerCase() === name || c.name.toLowerCase() === name);
  if (publicMatch) return [publicMatch.id];
  const privateMatches = (await privates()).filter((c) => c.name.toLowerCase() === name).map((c) => c.channel);
  if (privateMatches.length) return privateMatches;
  throw forbidden();
}

export async function search(user: string, params: SearchParams): Promise<SearchHit[]> {
  const parsed = parseSearchQuery(params.q);
  if (!parsed.ok) throw invalid(parsed.error);
  const query = parsed.query;
  const zone = params.tz || DEFAULT_SEARCH_ZONE;
  if (!isTimeZone(zone)) throw invalid(`unknown time zone "${zone}": use an IANA name (Europe/Paris) or an offset (+02:00)`);
  const { from, channel: channelParam } = params;
  if (isEmptyQuery(query) && !from && !channelParam && params.start === undefined && params.end === undefined) return [];

  const channels: string[] = [];
  if (channelParam) channels.push((await resolveChannel(user, channelParam)).id);
  // The caller's private channels are read once, however many in: name one.
  let privateList: Promise<{ channel: string; name: string }[]> | undefined;
  const privates = () => (privateList ??= privateChannelList(user));
  for (const ref of query.in) channels.push(...(await channelsNamed(user, ref, privates)));

  const days = dayRange(query, zone);
  const starts = [params.start, days.start].filter((t): t is number => t !== undefined);
  const ends = [params.end, days.end].filter((t): t is number => t !== undefined);
  const start = starts.length ? Math.max(...starts) : undefined;
  const end = ends.length ? Math.min(...ends) : undefined;
  if (start !== undefined && end !== undefined && start >= end) return [];

  return messageStore().search(user, {
    terms: query.terms,
    excluded: query.excluded,
    senders: [...(from ? [from] : []), ...query.from],
    channels,
    start,
    end,
    visible: await visibleChannels(user),
    limit: SEARCH_LIMIT,
    context: params.context ?? false,
  });
}
