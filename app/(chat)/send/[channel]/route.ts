import { sendMessage } from "@/lib/chat/messages";
import { ApiError } from "@/lib/http/errors";
import { readStringFields } from "@/lib/http/input";
import { channelParam } from "@/lib/http/params";
import { text, withUser } from "@/lib/http/route";

const MAX_TEXT_BYTES = 4 * 1024 * 1024;

/** `POST /send/<channel>` (form): `text`, optional `reply_to_id`. Answers `ok`, with the new id in X-Message-Id. */
export const POST = withUser(
  async ({ req, user, params }) => {
    const fields = await readStringFields(req, ["text", "reply_to_id"], MAX_TEXT_BYTES);
    const reply = fields.reply_to_id.trim();
    if (reply && !/^[0-9]{1,15}$/.test(reply)) throw new ApiError(400, "invalid reply_to_id");
    const { ids } = await sendMessage(user, params.channel, { text: fields.text, replyTo: reply ? Number(reply) : null, files: [] });
    return text("ok", 200, { "X-Message-Id": String(ids[0]) });
  },
  { params: channelParam },
);
