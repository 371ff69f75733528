import fs from "node:fs";
import { z } from "zod";
import { withUser } from "@/lib/http/route";
import { codePreview } from "@/lib/previews/code";
import { uploadFor } from "@/lib/uploads/access";
import { isTextFilename, originalName } from "@/lib/uploads/names";

const READ_CAP = 512 * 1024;

/** `GET /file_preview/<name>`: the code-preview card of an uploaded text file, `{}` for other files. */
export const GET = withUser(
  async ({ user, params: { name } }) => {
    const file = await uploadFor(user, name);
    const display = originalName(name);
    if (!isTextFilename(display)) return {};
    const handle = fs.openSync(file, "r");
    try {
      const buffer = Buffer.alloc(Math.min(READ_CAP, fs.fstatSync(handle).size));
      fs.readSync(handle, buffer, 0, buffer.length, 0);
      if (buffer.includes(0)) return {}; // binary after all
      return codePreview(buffer.toString("utf8"), { filename: display, filepath: display, url: `/files/${name}` });
    } finally {
      fs.closeSync(handle);
    }
  },
  { params: z.object({ name: z.string().max(300) }) },
);
