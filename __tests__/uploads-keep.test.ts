// Keeping a send's uploads is all or nothing: when storing one fails, the ones already stored are
// removed and the rest of the temp files thrown away, so a refused send leaves nothing behind.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { keep, type ReceivedFile } from "@/lib/uploads/receive";
import { blobs } from "@/lib/uploads/storage";

function received(original: string, text: string): ReceivedFile {
  const dir = path.join(os.tmpdir(), "minimost-keep");
  fs.mkdirSync(dir, { recursive: true });
  const file = fs.mkdtempSync(path.join(dir, "f-")) + path.sep + original;
  fs.writeFileSync(file, text);
  return { field: "files", original, tempPath: file, size: text.length };
}

async function storedNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of blobs().list("")) names.push(blob.key);
  return names;
}

it("stores nothing and leaves no temp file when the second of three files cannot be stored", async () => {
  const files = [received("a.txt", "first"), received("b.txt", "second"), received("c.txt", "third")];
  const before = await storedNames();
  const store = blobs();
  const real = store.putFile.bind(store);
  let calls = 0;
  const spy = jest.spyOn(store, "putFile").mockImplementation(async (key, temp) => {
    if (++calls === 2) throw new Error("disk full");
    return real(key, temp);
  });
  await expect(keep(files)).rejects.toThrow("disk full");
  spy.mockRestore();
  expect(await storedNames()).toEqual(before);
  expect(files.filter((f) => fs.existsSync(f.tempPath))).toEqual([]);
});
