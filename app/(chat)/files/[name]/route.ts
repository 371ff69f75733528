import { z } from "zod";
import { contentDisposition, fileResponse } from "@/lib/http/file-response";
import { withUser } from "@/lib/http/route";
import { uploadFor } from "@/lib/uploads/access";
import { extensionOf, isImageName, originalName } from "@/lib/uploads/names";

const IMAGE_TYPES: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", webp: "image/webp" };

const params = z.object({ name: z.string().max(300) });

/**
 * `GET|HEAD /files/<name>`: images (the uploads that decoded as images) inline; everything else,
 * SVG and HTML included, as a download under its original name.
 */
async function serve({ req, user, params: { name } }: { req: Request; user: string; params: { name: string } }) {
  const file = await uploadFor(user, name);
  if (isImageName(name)) {
    return fileResponse(req, file, { contentType: IMAGE_TYPES[extensionOf(name)] ?? "application/octet-stream", disposition: contentDisposition("inline", name) });
  }
  return fileResponse(req, file, { contentType: "application/octet-stream", disposition: contentDisposition("attachment", originalName(name)) });
}

export const GET = withUser(serve, { params });
export const HEAD = withUser(serve, { params });
