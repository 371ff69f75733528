import { channelPreferenceBody, setChannelPreference } from "@/lib/chat/preferences";
import { readJsonObject } from "@/lib/http/input";
import { channelParam } from "@/lib/http/params";
import { withUser } from "@/lib/http/route";
import { parseInput } from "@/lib/schemas";

/** `POST /channel_preferences/<channel>` `{"muted": bool}` → `{"muted": bool}`; a channel the caller cannot see: 403. */
export const POST = withUser(
  async ({ req, user, params }) => {
    const body = parseInput(channelPreferenceBody, await readJsonObject(req));
    return setChannelPreference(user, params.channel, body);
  },
  { params: channelParam },
);
