import { z } from "zod";
import { contentDisposition, fileResponse } from "@/lib/http/file-response";
import { withUser } from "@/lib/http/route";
import { avatarBlob } from "@/lib/uploads/avatars";

/** `GET /avatar/<username>`: the JPEG, revalidated by ETag; 404 with an empty body when there is none. */
export const GET = withUser(
  async ({ req, params: { username } }) => {
    const file = await avatarBlob(username);
    if (!file) return new Response(null, { status: 404 });
    return fileResponse(req, file, { contentType: "image/jpeg", disposition: contentDisposition("inline", `${username}.jpg`), cacheControl: "private, no-cache" });
  },
  { params: z.object({ username: z.string().max(64) }) },
);
