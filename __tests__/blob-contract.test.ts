// The BlobStore contract: what every implementation (the file system, S3-compatible storage) must do.
// A new implementation runs this file by adding itself to `implementations`. The S3 store runs against
// a real S3 server (s3rver) started here.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Backend } from "@/lib/backends";
import { exactly, S3BlobStore } from "@/lib/uploads/s3";
import { createTempFile, FsBlobStore, readStart, scratchDir, type BlobStore } from "@/lib/uploads/storage";
import { startS3Server, type TestS3Server } from "./helpers/s3-server.mjs";

interface Implementation {
  name: string;
  /** An empty store, and how to dispose of it. */
  create: () => { store: BlobStore; dispose: () => Promise<void> };
}

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
});

const s3Config = (prefix: string, bucket = s3.bucket): S3Backend => ({
  bucket,
  endpoint: s3.endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  forcePathStyle: true,
  prefix,
});

/** A store under a prefix of its own: every test starts with an empty store in the shared bucket. */
const freshPrefix = () => `contract-${crypto.randomUUID()}/`;

const implementations: Implementation[] = [
  {
    name: "file-system",
    create: () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-blobs-"));
      return { store: new FsBlobStore(() => root), dispose: async () => fs.rmSync(root, { recursive: true, force: true }) };
    },
  },
  {
    name: "S3",
    create: () => {
      const store = new S3BlobStore(s3Config(freshPrefix()));
      return { store, dispose: () => store.close() };
    },
  },
];

async function buffer(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const text = async (stream: Readable | null) => (await buffer(stream))?.toString("utf8") ?? null;

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
    expect(await text(await store.get(NAME, { start: 10, end: 10 }))).toBe("d");
    await store.put(AVATAR, new Uint8Array([1, 2, 3]));
    expect((await store.stat(AVATAR))?.size).toBe(3);
  });

  it("keeps binary bytes of a larger blob exact, whole and in the middle", async () => {
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
    // Many small chunks, as a request body arrives.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
    expect(await store.put(NAME, Readable.from(chunks))).toMatchObject({ size: bytes.length });
    expect((await buffer(await store.get(NAME)))?.equals(bytes)).toBe(true);
    const [start, end] = [1_000_003, 2_500_000];
    expect((await buffer(await store.get(NAME, { start, end })))?.equals(bytes.subarray(start, end + 1))).toBe(true);
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
    for (const key of ["../escape", "a/../../b", "/abs", "a/b/c", "", ".", "..", "a\\b", "avatars/", "a b", "é"]) {
      await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(/invalid blob key/);
      await expect(store.put(key, Readable.from([Buffer.from("x")]))).rejects.toThrow(/invalid blob key/);
      await expect(store.stat(key)).rejects.toThrow(/invalid blob key/);
      await expect(store.get(key)).rejects.toThrow(/invalid blob key/);
      await expect(store.delete(key)).rejects.toThrow(/invalid blob key/);
    }
    for (const folder of ["..", ".", "a/b", "/", "avatars/"]) await expect(listed(store, folder)).rejects.toThrow(/invalid blob folder/);
    expect(await listed(store, "")).toEqual([]);
  });

  it("is ready when it can be written", async () => {
    await expect(store.ready()).resolves.toBeUndefined();
  });

  it("lists an empty folder, and a folder holding only deeper blobs, as empty", async () => {
    expect(await listed(store, "avatars")).toEqual([]);
    await store.put(AVATAR, Buffer.from("z"));
    expect(await listed(store, "")).toEqual([]);
  });

  it("reads the start of a blob for previews, never more than asked", async () => {
    const info = await store.put(NAME, Buffer.from("line one\nline two\n"));
    expect((await readStart(store, info, 8))?.toString()).toBe("line one");
    expect((await readStart(store, info, 1000))?.toString()).toBe("line one\nline two\n");
  });
});

describe("the file-system blob store beyond the contract", () => {
  it("is not ready when its folder cannot be made", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "minimost-blobs-"));
    try {
      fs.writeFileSync(path.join(root, "a-file"), "x");
      await expect(new FsBlobStore(() => path.join(root, "a-file", "uploads")).ready()).rejects.toThrow(/ENOTDIR/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("the S3 blob store beyond the contract", () => {
  let client: S3Client;
  const stores: S3BlobStore[] = [];
  const storeAt = (prefix: string, pageSize?: number, bucket?: string) => {
    const store = new S3BlobStore(s3Config(prefix, bucket), pageSize);
    stores.push(store);
    return store;
  };
  beforeAll(() => {
    client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
  });
  afterAll(async () => {
    client.destroy();
    await Promise.all(stores.map((store) => store.close()));
  });

  const objectKeys = async (prefix: string) =>
    ((await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key).sort();

  it("puts every key behind its prefix, and two prefixes in one bucket never see each other's blobs", async () => {
    const [prefixA, prefixB] = [freshPrefix(), freshPrefix()];
    const a = storeAt(prefixA);
    const b = storeAt(prefixB);
    await a.put(NAME, Buffer.from("from a"));
    await a.put(AVATAR, Buffer.from("a's face"));
    await b.put(NAME, Buffer.from("from b"));
    expect(await objectKeys(prefixA)).toEqual([`${prefixA}${AVATAR}`, `${prefixA}${NAME}`].sort());
    expect(await text(await a.get(NAME))).toBe("from a");
    expect(await text(await b.get(NAME))).toBe("from b");
    expect(await listed(b, "")).toEqual([NAME]);
    expect(await listed(b, "avatars")).toEqual([]);
    expect(await b.stat(AVATAR)).toBeNull();
    await b.delete(NAME);
    expect(await text(await a.get(NAME))).toBe("from a");
  });

  it("lists across pages, only the folder's own blobs, skipping objects it could not have written", async () => {
    const prefix = freshPrefix();
    const store = storeAt(prefix, 2);
    const names = Array.from({ length: 7 }, (_, i) => `${String(i).repeat(32)}.png`);
    for (const name of names) await store.put(name, Buffer.from(name));
    await store.put(AVATAR, Buffer.from("face"));
    // Written by something else into the same prefix: not blob keys, so not listed (and never served).
    for (const key of ["has space.txt", "deep/er/x.png", "avatars/deep/x.jpg"]) {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: prefix + key, Body: "x" }));
    }
    expect(await listed(store, "")).toEqual([...names].sort());
    expect(await listed(store, "avatars")).toEqual([AVATAR]);
    for (const key of ["has space.txt", "deep/er/x.png", "avatars/deep/x.jpg"]) {
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: prefix + key }));
    }
  });

  it("stages a stream of unknown length in a local temp file that is gone afterwards", async () => {
    const store = storeAt(freshPrefix());
    const staged = () => (fs.existsSync(scratchDir()) ? fs.readdirSync(scratchDir()) : []);
    expect(staged()).toEqual([]);
    await store.put(NAME, Readable.from([Buffer.from("streamed")]));
    expect(staged()).toEqual([]);
    // A source that fails half-way stores nothing and leaves nothing behind.
    const failing = new Readable({ read() {} });
    failing.push("half");
    setImmediate(() => failing.destroy(new Error("client went away")));
    await expect(store.put(AVATAR, failing)).rejects.toThrow("client went away");
    expect(staged()).toEqual([]);
    expect(await store.stat(AVATAR)).toBeNull();
    expect(await text(await store.get(NAME))).toBe("streamed");
  });

  it("keeps answering while more downloads than the SDK's default 50 connections are being read slowly", async () => {
    const store = storeAt(freshPrefix());
    await store.put(NAME, crypto.randomBytes(256 * 1024));
    // Opened and not read: each holds its connection, as a slow client's download does.
    const opened: Readable[] = [];
    const downloads = Array.from({ length: 60 }, () => store.get(NAME).then((stream) => stream && opened.push(stream)));
    const answered = Promise.all(downloads).then(() => store.stat(NAME));
    try {
      expect(await Promise.race([answered, new Promise<"stuck">((resolve) => setTimeout(() => resolve("stuck"), 3000))])).toMatchObject({ size: 256 * 1024 });
    } finally {
      for (const stream of opened) stream.destroy();
    }
  });

  it("is not ready, saying why, when the bucket does not exist or the server does not answer", async () => {
    await expect(storeAt("", undefined, "no-such-bucket").ready()).rejects.toThrow(`bucket no-such-bucket at ${s3.endpoint} does not exist`);
    const gone = await startS3Server({ bucket: "short-lived" });
    const store = new S3BlobStore({ ...s3Config(""), bucket: "short-lived", endpoint: gone.endpoint });
    stores.push(store);
    await expect(store.ready()).resolves.toBeUndefined();
    await gone.close();
    await expect(store.ready()).rejects.toThrow(/bucket short-lived at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});

describe("a range answer with more bytes than asked (HTTP allows it; s3rver does it for bytes=0-0)", () => {
  const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
  /** The body as a server would stream it, in 7-byte chunks. */
  const answer = (from = 0, to = 99) => Readable.from(Array.from({ length: Math.ceil((to - from + 1) / 7) }, (_, i) => bytes.subarray(from + i * 7, Math.min(from + (i + 1) * 7, to + 1))));

  it("is cut to exactly the range, from a whole body or a wider range, and the answer is closed once it is read", async () => {
    const whole = answer();
    expect(await buffer(exactly(whole, { start: 10, end: 25 }, undefined, NAME))).toEqual(bytes.subarray(10, 26));
    expect(whole.destroyed).toBe(true);
    expect(await buffer(exactly(answer(5, 40), { start: 10, end: 20 }, "bytes 5-40/100", NAME))).toEqual(bytes.subarray(10, 21));
    expect(await buffer(exactly(answer(), { start: 0, end: 0 }, "bytes 0-99/100", NAME))).toEqual(bytes.subarray(0, 1));
    expect(await buffer(exactly(answer(), { start: 93, end: 99 }, undefined, NAME))).toEqual(bytes.subarray(93));
    const same = answer(10, 20);
    expect(exactly(same, { start: 10, end: 20 }, "bytes 10-20/100", NAME)).toBe(same);
  });

  it("is refused when it does not hold the whole range", () => {
    const short = answer(10, 15);
    expect(() => exactly(short, { start: 10, end: 20 }, "bytes 10-15/100", NAME)).toThrow("asked for bytes 10-20, given bytes 10-15/100");
    expect(short.destroyed).toBe(true);
  });
});
