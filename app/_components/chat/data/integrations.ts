"use client";

import { useMemo } from "react";
import useSWR, { useSWRConfig } from "swr";
import { enc, postJson, request } from "@/lib/client/api";
import { KEYS } from "./keys";
import { fetcher, usePolled } from "./polled";

/** One row of `GET /tokens` (never the secret). Times are epoch seconds. */
export interface AccessToken {
  id: string;
  name: string;
  created: number;
  last_used: number | null;
  expires: number | null;
  read_only: boolean;
}

/** `POST /tokens`'s answer: the only time the token's text is ever seen. */
export interface NewAccessToken extends AccessToken {
  token: string;
}

export interface TokenRequest {
  name: string;
  read_only: boolean;
  /** Absent: the token never expires. */
  expires_in_days?: number;
}

/** One row of `GET /bots` (every bot on the server). */
export interface Bot {
  username: string;
  display_name: string | null;
  owner: string;
  created: number;
}

export interface IncomingWebhook {
  id: string;
  name: string;
  channel: string;
  sender: string;
  created: number;
  last_used: number | null;
  disabled_reason: string | null;
}

/** `POST /webhooks/incoming`'s answer: the URL (its secret) is shown this once. */
export interface NewIncomingWebhook extends IncomingWebhook {
  url: string;
  secret: string;
}

export interface OutgoingWebhook {
  id: string;
  name: string;
  channel: string;
  url: string;
  trigger_words: string[];
  created: number;
  disabled_reason: string | null;
  last_error: string | null;
}

/** `POST /webhooks/outgoing`'s answer: the signing secret is shown this once. */
export interface NewOutgoingWebhook extends OutgoingWebhook {
  secret: string;
}

/** The integration resources' SWR keys, which are also their paths. */
export const INTEGRATION_KEYS = {
  tokens: "/tokens",
  bots: "/bots",
  incoming: "/webhooks/incoming",
  outgoing: "/webhooks/outgoing",
  publicChannels: "/channels",
} as const;

const botKey = (username: string) => `/bots/${enc(username)}`;
export const botTokensKey = (username: string) => `${botKey(username)}/tokens`;

/** Lists read while the settings panel is open: fetched on opening, refreshed after each change. */
const listOptions = { revalidateOnFocus: false, keepPreviousData: true } as const;

export const useTokens = () => useSWR<AccessToken[]>(INTEGRATION_KEYS.tokens, fetcher, listOptions);
export const useBotTokens = (username: string) => useSWR<AccessToken[]>(botTokensKey(username), fetcher, listOptions);
export const useIncomingWebhooks = () => useSWR<IncomingWebhook[]>(INTEGRATION_KEYS.incoming, fetcher, listOptions);
export const useOutgoingWebhooks = () => useSWR<OutgoingWebhook[]>(INTEGRATION_KEYS.outgoing, fetcher, listOptions);
export const usePublicChannels = () => useSWR<string[]>(INTEGRATION_KEYS.publicChannels, fetcher, { revalidateOnFocus: false });

/**
 * Every bot on the server, every minute: each message row asks for it (one request for them all) to
 * tag bot senders, so a bot made elsewhere is tagged within a minute, one made here at once.
 */
export function useBots(): Map<string, Bot> {
  const { data } = useSWR<Bot[]>(INTEGRATION_KEYS.bots, fetcher, { refreshInterval: 60_000, dedupingInterval: 10_000, revalidateOnFocus: false, shouldRetryOnError: false });
  return botsByName(data);
}

const cache = new WeakMap<Bot[], Map<string, Bot>>();
/** The same map for the same answer, so memoised rows do not re-render for nothing. */
function botsByName(list: Bot[] | undefined): Map<string, Bot> {
  if (!Array.isArray(list)) return EMPTY;
  let map = cache.get(list);
  if (!map) {
    map = new Map(list.map((b) => [b.username, b]));
    cache.set(list, map);
  }
  return map;
}
const EMPTY = new Map<string, Bot>();

/**
 * The bots the reader owns. Without the reader's name (`me`), /users (everyone but the reader) tells
 * it: an owner missing from it is the reader.
 */
export function useMyBots(me: string | undefined): Bot[] | undefined {
  const { data } = useSWR<Bot[]>(INTEGRATION_KEYS.bots, fetcher, listOptions);
  const others = usePolled<string[]>(me ? null : KEYS.users, 30_000);
  if (!Array.isArray(data)) return undefined;
  if (me) return data.filter((b) => b.owner === me);
  if (!others.data) return undefined;
  const notMe = new Set(others.data);
  return data.filter((b) => !notMe.has(b.owner));
}

const remove = async (path: string) => {
  await request(path, { method: "DELETE" });
};

/**
 * The changes the panel makes, each refreshing the lists it changes (through the SWR cache the
 * component reads, so a test's own cache provider sees the refresh too).
 */
export function useIntegrationActions() {
  const { mutate } = useSWRConfig();
  return useMemo(() => {
    const refresh = (...keys: string[]) => {
      for (const key of keys) void mutate(key);
    };
    return {
      async createToken(body: TokenRequest): Promise<NewAccessToken> {
        const made = await postJson<NewAccessToken>(INTEGRATION_KEYS.tokens, body);
        refresh(INTEGRATION_KEYS.tokens);
        return made;
      },
      async createBotToken(bot: string, body: TokenRequest): Promise<NewAccessToken> {
        const made = await postJson<NewAccessToken>(botTokensKey(bot), body);
        refresh(botTokensKey(bot));
        return made;
      },
      /** Revokes one of the reader's tokens, or of a bot they own (then `bot` names it, to refresh its list). */
      async revokeToken(id: string, bot?: string): Promise<void> {
        await remove(`${INTEGRATION_KEYS.tokens}/${enc(id)}`);
        refresh(bot ? botTokensKey(bot) : INTEGRATION_KEYS.tokens);
      },
      async createBot(username: string, displayName: string): Promise<Bot> {
        const made = await postJson<Bot>(INTEGRATION_KEYS.bots, displayName ? { username, display_name: displayName } : { username });
        refresh(INTEGRATION_KEYS.bots);
        return made;
      },
      /** A picture already cropped to the avatar's size (see cropAvatar), stored as the bot's avatar. */
      async setBotAvatar(username: string, picture: Blob): Promise<void> {
        const form = new FormData();
        form.set("avatar", picture, "avatar.jpg");
        await request(`${botKey(username)}/avatar`, { method: "POST", body: form });
        refresh(KEYS.userAvatars);
      },
      async deleteBot(username: string): Promise<void> {
        await remove(botKey(username));
        refresh(INTEGRATION_KEYS.bots, INTEGRATION_KEYS.incoming); // its webhooks go with it
      },
      async createIncomingWebhook(body: { channel: string; name: string; sender?: string }): Promise<NewIncomingWebhook> {
        const made = await postJson<NewIncomingWebhook>(INTEGRATION_KEYS.incoming, body);
        refresh(INTEGRATION_KEYS.incoming, INTEGRATION_KEYS.bots); // without a sender, a bot was made for it
        return made;
      },
      async deleteIncomingWebhook(id: string): Promise<void> {
        await remove(`${INTEGRATION_KEYS.incoming}/${enc(id)}`);
        refresh(INTEGRATION_KEYS.incoming);
      },
      async createOutgoingWebhook(body: { channel: string; name: string; url: string; trigger_words: string[] }): Promise<NewOutgoingWebhook> {
        const made = await postJson<NewOutgoingWebhook>(INTEGRATION_KEYS.outgoing, body);
        refresh(INTEGRATION_KEYS.outgoing);
        return made;
      },
      async deleteOutgoingWebhook(id: string): Promise<void> {
        await remove(`${INTEGRATION_KEYS.outgoing}/${enc(id)}`);
        refresh(INTEGRATION_KEYS.outgoing);
      },
    };
  }, [mutate]);
}
