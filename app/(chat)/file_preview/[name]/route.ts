import { z } from "zod";
import { withUser } from "@/lib/http/route";
import { filePreview } from "@/lib/previews/file";
import { uploadFor } from "@/lib/uploads/access";

/** `GET /file_preview/<name>`: the code-preview card of an uploaded text file, `{}` for other files. */
export const GET = withUser(
  async ({ user, params: { name } }) => filePreview(await uploadFor(user, name)),
  { params: z.object({ name: z.string().max(300) }) },
);
