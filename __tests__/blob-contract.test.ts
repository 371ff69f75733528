// The BlobStore contract: what every implementation (the file system now, an object store later)
// must do. A new implementation runs this file by adding itself to `implementations`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createTempFile, FsBlobStore, readStart, type BlobStore } from "@/lib/uploads/storage";

interface Implementation {
  name: string;
  /** An empty store, and how to dispose of it. */
  create: () => { store: BlobStore; dispose: () => Promise<void> };
}

const implementations: Implementation[] = [
  {
    name: "file-system",
    create: () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-blobs-"));
      return { store: new FsBlobStore(() => root), dispose: async () => fs.rmSync(root, { recursive: true, force: true }) };
    },
  },
];

async function text(stream: Readable | null): Promise<string | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

async function listed(store: BlobStore, folder: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const blob of store.list(folder)) keys.push(blob.key);
  return keys.sort();
}

/** A local temp file holding `contents`, as the upload receiver stages one. */
async function tempFile(contents: string): Promise<string> {
  const temp = createTempFile();
  await new Promise<void>((resolve, reject) => temp.stream.end(contents, () => resolve()).once("error", reject));
  return temp.path;
}

const NAME = `${"a".repeat(32)}_notes.txt`;
const AVATAR = `avatars/${"b".repeat(32)}.jpg`;

describe.each(implementations)("the $name blob store", ({ create }) => {
  let store: BlobStore;
  let dispose: () => Promise<void>;
  beforeEach(() => {
    ({ store, dispose } = create());
  });
  afterEach(async () => {
    await dispose();
  });

  it("stores bytes from a stream or a buffer and gives them back, whole or by an inclusive byte range", async () => {
    const written = await store.put(NAME, Readable.from([Buffer.from("hello "), Buffer.from("world")]));
    expect(written).toMatchObject({ key: NAME, size: 11 });
    expect(await text(await store.get(NAME))).toBe("hello world");
    expect(await text(await store.get(NAME, { start: 6, end: 10 }))).toBe("world");
    expect(await text(await store.get(NAME, { start: 0, end: 0 }))).toBe("h");
    await store.put(AVATAR, new Uint8Array([1, 2, 3]));
    expect((await store.stat(AVATAR))?.size).toBe(3);
  });

  it("takes a local temp file, which is gone afterwards", async () => {
    const temp = await tempFile("from disk");
    const info = await store.putFile(NAME, temp);
    expect(info).toMatchObject({ key: NAME, size: 9 });
    expect(fs.existsSync(temp)).toBe(false);
    expect(await text(await store.get(NAME))).toBe("from disk");
  });

  it("states size, modification time and a validator that changes with the bytes", async () => {
    const before = Date.now();
    const first = await store.put(NAME, Buffer.from("one"));
    const stat = await store.stat(NAME);
    expect(stat).toEqual(first);
    expect(stat!.modifiedMs).toBeGreaterThanOrEqual(before - 2000);
    expect(stat!.modifiedMs).toBeLessThanOrEqual(Date.now() + 2000);
    expect(stat!.etag).toMatch(/^".+"$/);
    const second = await store.put(NAME, Buffer.from("three"));
    expect(second.size).toBe(5);
    expect(second.etag).not.toBe(first.etag);
    expect(await text(await store.get(NAME))).toBe("three");
  });

  it("answers null for what is not stored, and deleting it is no error", async () => {
    expect(await store.stat(NAME)).toBeNull();
    expect(await store.get(NAME)).toBeNull();
    await expect(store.delete(NAME)).resolves.toBeUndefined();
    await store.put(NAME, Buffer.from("x"));
    await store.delete(NAME);
    expect(await store.stat(NAME)).toBeNull();
    expect(await store.get(NAME)).toBeNull();
  });

  it("lists the blobs directly in a folder with their modification times: uploads at the top, avatars apart", async () => {
    expect(await listed(store, "")).toEqual([]);
    const other = `${"c".repeat(32)}.png`;
    await store.put(NAME, Buffer.from("x"));
    await store.put(other, Buffer.from("yy"));
    await store.put(AVATAR, Buffer.from("z"));
    expect(await listed(store, "")).toEqual([NAME, other].sort());
    expect(await listed(store, "avatars")).toEqual([AVATAR]);
    for await (const blob of store.list("")) expect(blob).toEqual(await store.stat(blob.key));
  });

  it("refuses keys that could leave the store, before writing anything", async () => {
    for (const key of ["../escape", "a/../../b", "/abs", "a/b/c", "", ".", "..", "a\\b", "avatars/"]) {
      await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/invalid blob key/);
      await expect(store.stat(key)).rejects.toThrow(/invalid blob key/);
    }
    expect(await listed(store, "")).toEqual([]);
  });

  it("reads the start of a blob for previews, never more than asked", async () => {
    const info = await store.put(NAME, Buffer.from("line one\nline two\n"));
    expect((await readStart(store, info, 8))?.toString()).toBe("line one");
    expect((await readStart(store, info, 1000))?.toString()).toBe("line one\nline two\n");
  });
});
