import { settings } from "@/lib/config";
import { invalid } from "@/lib/errors";
import { withUser } from "@/lib/http/route";
import { deleteAvatar, setAvatar } from "@/lib/uploads/avatars";
import { discard, isMultipart, receiveMultipart } from "@/lib/uploads/receive";

/** `POST /avatar` (multipart field `avatar`): re-encoded to a 128×128 JPEG. */
export const POST = withUser(async ({ req, user }) => {
  if (!isMultipart(req)) throw invalid("no file", "plain");
  const { files } = await receiveMultipart(req, { maxFileMb: settings().max_avatar_size_mb, fileFields: ["avatar"] });
  const [file, ...extra] = files;
  discard(extra);
  if (!file) throw invalid("no file", "plain");
  try {
    await setAvatar(user, file.tempPath);
  } finally {
    discard([file]);
  }
  return "ok";
});

/** `DELETE /avatar`: back to initials. */
export const DELETE = withUser(async ({ user }) => {
  await deleteAvatar(user);
  return "ok";
});
