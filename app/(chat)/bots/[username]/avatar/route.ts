import { botParam, ownedBot } from "@/lib/bots";
import { settings } from "@/lib/config";
import { invalid } from "@/lib/errors";
import { withUser } from "@/lib/http/route";
import { setAvatar } from "@/lib/uploads/avatars";
import { discard, isMultipart, receiveMultipart } from "@/lib/uploads/receive";

/** `POST /bots/<username>/avatar` (multipart field `avatar`, its owner only): answered as `POST /avatar` answers. */
export const POST = withUser(
  async ({ req, user, params: { username } }) => {
    const bot = await ownedBot(user, username);
    if (!isMultipart(req)) throw invalid("no file", "plain");
    const { files } = await receiveMultipart(req, { maxFileMb: settings().max_avatar_size_mb, fileFields: ["avatar"] });
    const [file, ...extra] = files;
    discard(extra);
    if (!file) throw invalid("no file", "plain");
    try {
      await setAvatar(bot.username, file.tempPath);
    } finally {
      discard([file]);
    }
    return "ok";
  },
  { params: botParam },
);
