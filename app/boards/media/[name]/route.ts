import { BOARD_MEDIA_FOLDER, MEDIA_NAME, mediaContentType } from "@/lib/boards/images";
import { notFound } from "@/lib/errors";
import { contentDisposition, fileResponse } from "@/lib/http/file-response";
import { withOptionalUser } from "@/lib/http/route";
import { blobs } from "@/lib/uploads/storage";

/**
 * `GET|HEAD /boards/media/<name>`: a board image or its thumbnail, public like the boards themselves.
 * Names are random and never reused, so a copy may be kept for good.
 */
const serve = withOptionalUser(async ({ req, params }) => {
  const name = typeof params.name === "string" ? params.name : "";
  if (!MEDIA_NAME.test(name)) throw notFound();
  const blob = await blobs().stat(`${BOARD_MEDIA_FOLDER}/${name}`);
  if (!blob) throw notFound();
  return fileResponse(req, blob, {
    contentType: mediaContentType(name),
    disposition: contentDisposition("inline", name),
    cacheControl: "public, max-age=31536000, immutable",
  });
});

export const GET = serve;
export const HEAD = serve;
