import { z } from "zod";
import { resolveChannel } from "@/lib/channels";
import { noContent, withUser } from "@/lib/http/route";
import { setTyping, typingUsers } from "@/lib/presence";

const params = z.object({ channel: z.string().min(1).max(512) });

/** `POST /typing/<channel>`: the caller is typing there (only in channels they can see) → 204. */
export const POST = withUser(
  async ({ user, params: { channel } }) => {
    const resolved = await resolveChannel(user, channel, { write: true });
    await setTyping(user, resolved.id);
    return noContent();
  },
  { params },
);

/** `GET /typing/<channel>`: who else typed there in the last five seconds. */
export const GET = withUser(
  async ({ user, params: { channel } }) => typingUsers((await resolveChannel(user, channel)).id, user),
  { params },
);
