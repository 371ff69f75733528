// Uploads and avatars through the real route handlers with S3_BUCKET set (issue 14): the bytes live in
// S3-compatible storage (s3rver, started here), are served through the same access checks with ranges
// and validators, go when their message or avatar goes, and nothing is written under UPLOAD_DIR.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { startS3Server, type TestS3Server } from "./helpers/s3-server.mjs";

let s3: TestS3Server;
let client: S3Client;
const prefix = `uploads-s3-${crypto.randomUUID()}/`;

// Loaded only once S3_* is in the environment, as a server started with it would load them.
let routes: {
  send: typeof import("@/app/(chat)/send/[channel]/route");
  files: typeof import("@/app/(chat)/files/[name]/route");
  preview: typeof import("@/app/(chat)/file_preview/[name]/route");
  messages: typeof import("@/app/(chat)/messages/[channel]/route");
  del: typeof import("@/app/(chat)/delete/[id]/route");
  createPrivate: typeof import("@/app/(chat)/private_channels/create/route");
  avatar: typeof import("@/app/(chat)/avatar/route");
  avatarOf: typeof import("@/app/(chat)/avatar/[username]/route");
};
let http: typeof import("./helpers/http");
let retention: typeof import("@/lib/retention");
let storage: typeof import("@/lib/uploads/storage");
let settings: typeof import("./helpers/settings");
let stored: typeof import("./helpers/blobs");

let alice: string;
let bob: string;
let carol: string;

beforeAll(async () => {
  s3 = await startS3Server();
  Object.assign(process.env, {
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    S3_PREFIX: prefix,
  });
  routes = {
    send: await import("@/app/(chat)/send/[channel]/route"),
    files: await import("@/app/(chat)/files/[name]/route"),
    preview: await import("@/app/(chat)/file_preview/[name]/route"),
    messages: await import("@/app/(chat)/messages/[channel]/route"),
    del: await import("@/app/(chat)/delete/[id]/route"),
    createPrivate: await import("@/app/(chat)/private_channels/create/route"),
    avatar: await import("@/app/(chat)/avatar/route"),
    avatarOf: await import("@/app/(chat)/avatar/[username]/route"),
  };
  http = await import("./helpers/http");
  retention = await import("@/lib/retention");
  storage = await import("@/lib/uploads/storage");
  settings = await import("./helpers/settings");
  stored = await import("./helpers/blobs");
  client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  alice = await http.newUser("alice");
  bob = await http.newUser("bob");
  carol = await http.newUser("carol");
});

afterAll(async () => {
  client?.destroy();
  // The scratch folder on S3 is in the OS temp folder, named after this file's prefix: not left behind.
  if (storage) fs.rmSync(storage.scratchDir(), { recursive: true, force: true });
  await s3?.close();
});

afterEach(() => settings.useSettings({}));

/** The object keys under this file's prefix, without it, sorted. */
async function objects(): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) keys.push(object.Key!.slice(prefix.length));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Everything under UPLOAD_DIR, folders included: on S3 the folder is never even made. */
function underUploadDir(dir = process.env.UPLOAD_DIR!): string[] {
  if (!fs.existsSync(dir)) return [];
  return [dir, ...fs.readdirSync(dir).flatMap((name) => underUploadDir(path.join(dir, name)))];
}

const staged = () => stored.stagedFiles();

async function sendFiles(cookie: string, channel: string, files: [name: string, data: Buffer | string][], text = "") {
  const form = new FormData();
  if (text) form.set("text", text);
  for (const [name, data] of files) form.append("files", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  const req = new Request(`${http.BASE}/send/${encodeURIComponent(channel)}`, { method: "POST", body: form, headers: { cookie } });
  return routes.send.POST(req, { params: Promise.resolve({ channel }) });
}

async function lastRows(cookie: string, channel: string) {
  const res = await http.call(routes.messages.GET, `/messages/${channel}`, { cookie }, { channel });
  return (await res.json()) as { id: number; content: string; filename: string | null; deleted: number }[];
}

const getFile = (cookie: string, name: string, headers: Record<string, string> = {}) =>
  http.call(routes.files.GET, `/files/${name}`, { cookie, headers }, { name });

function uploadAvatar(cookie: string, data: Buffer) {
  const form = new FormData();
  form.set("avatar", new Blob([new Uint8Array(data)]), "me.png");
  return routes.avatar.POST(new Request(`${http.BASE}/avatar`, { method: "POST", body: form, headers: { cookie } }), { params: Promise.resolve({}) });
}

const getAvatar = (cookie: string, username: string, headers: Record<string, string> = {}) =>
  http.call(routes.avatarOf.GET, `/avatar/${username}`, { cookie, headers }, { username });

describe("uploads on S3", () => {
  const big = crypto.randomBytes(2 * 1024 * 1024 + 5);
  let notes: string;
  let image: string;
  let blob: string;

  it("are stored in the bucket under the prefix, and nothing under UPLOAD_DIR", async () => {
    const png = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#ff0000" } }).png().toBuffer();
    const res = await sendFiles(alice, "general", [["notes.txt", "line one\nline two\n"], ["Photo.png", png], ["data.bin", big]], "files");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    const names = (await lastRows(bob, "general")).slice(-3).map((r) => r.filename ?? "");
    [notes, image, blob] = [names[0]!, names[1]!, names[2]!];
    expect(notes).toMatch(/^[0-9a-f]{32}_notes\.txt$/);
    expect(image).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(await objects()).toEqual([notes, image, blob].sort());
    expect(await stored.storedNames()).toEqual([notes, image, blob].sort());
    expect(underUploadDir()).toEqual([]);
    expect(staged()).toEqual([]);
    const served = await getFile(bob, image);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
  });

  it("are served whole, by byte range and revalidated by ETag, to someone who can see the message", async () => {
    const whole = await getFile(bob, notes);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-length")).toBe("18");
    expect(whole.headers.get("content-disposition")).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(await whole.text()).toBe("line one\nline two\n");
    const part = await getFile(bob, notes, { range: "bytes=5-7" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 5-7/18");
    expect(await part.text()).toBe("one");
    expect(await (await getFile(bob, notes, { range: "bytes=0-0" })).text()).toBe("l");
    expect(await (await getFile(bob, notes, { range: "bytes=-4" })).text()).toBe("two\n");
    expect((await getFile(bob, notes, { range: "bytes=100-" })).status).toBe(416);
    const etag = whole.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const unchanged = await getFile(bob, notes, { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    const head = await http.call(routes.files.HEAD, `/files/${notes}`, { method: "HEAD", cookie: bob }, { name: notes });
    expect(head.headers.get("content-length")).toBe("18");
    expect(await head.text()).toBe("");
  });

  it("stream a large file exactly, whole and from the middle", async () => {
    const whole = await getFile(bob, blob);
    expect(whole.headers.get("content-length")).toBe(String(big.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(big)).toBe(true);
    const part = await getFile(bob, blob, { range: "bytes=1048570-1048600" });
    expect(part.headers.get("content-range")).toBe(`bytes 1048570-1048600/${big.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(big.subarray(1048570, 1048601))).toBe(true);
  });

  it("answer 503 with Retry-After while the bucket's server cannot be reached, and are served again once it can", async () => {
    const endpoint = process.env.S3_ENDPOINT;
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      process.env.S3_ENDPOINT = "http://127.0.0.1:1"; // nothing listens there
      const res = await getFile(bob, notes);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.json()).toEqual({ error: "temporarily unavailable, try again" });
    } finally {
      process.env.S3_ENDPOINT = endpoint;
      errors.mockRestore();
    }
    const res = await getFile(bob, notes);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("line one\nline two\n");
  });

  it("have their code preview read from the bucket", async () => {
    const preview = await http.call(routes.preview.GET, `/file_preview/${notes}`, { cookie: bob }, { name: notes });
    expect(await preview.json()).toMatchObject({ type: "code", filename: "notes.txt", code: "line one\nline two", total_lines: 2 });
  });

  it("are refused to users outside a private channel", async () => {
    const created = await http.call(routes.createPrivate.POST, "/private_channels/create", { cookie: alice, json: { name: "secret", members: ["bob"] } });
    const { channel } = (await created.json()) as { channel: string };
    expect((await sendFiles(alice, channel, [["plan.md", "# plan"]])).status).toBe(200);
    const name = (await lastRows(alice, channel)).pop()!.filename!;
    expect(await (await getFile(bob, name)).text()).toBe("# plan");
    const outsider = await getFile(carol, name);
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).toBe("forbidden");
    expect((await http.call(routes.preview.GET, `/file_preview/${name}`, { cookie: carol }, { name })).status).toBe(403);
    expect((await getFile(alice, "../settings.json")).status).toBe(404);
  });

  it("leave the bucket with their message", async () => {
    const rows = await lastRows(alice, "general");
    const message = rows.find((r) => r.content === "files")!;
    const res = await http.call(routes.del.POST, `/delete/${message.id}`, { method: "POST", cookie: alice }, { id: String(message.id) });
    expect(res.status).toBe(200);
    const left = await objects();
    for (const name of [notes, image, blob]) expect(left).not.toContain(name);
    expect((await getFile(bob, notes)).status).toBe(403);
  });

  it("over the size limit are refused with the reference's 413, leaving nothing in the bucket or staged", async () => {
    settings.useSettings({ max_upload_size_mb: 1 });
    const before = await objects();
    const res = await sendFiles(alice, "general", [["small.txt", "ok"], ["big.bin", Buffer.alloc(1024 * 1024 + 1)]], "too big");
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("file too large (max 1 MB)");
    expect(await objects()).toEqual(before);
    expect(staged()).toEqual([]);
  });

  it("past their retention are removed from the bucket; avatars stay", async () => {
    settings.useSettings({ image_retention_days: 1, file_retention_days: 3 });
    expect((await sendFiles(alice, "software", [["old.txt", "old"]])).status).toBe(200);
    const name = (await lastRows(alice, "software")).pop()!.filename!;
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#00f" } }).png().toBuffer();
    expect((await uploadAvatar(bob, png)).status).toBe(200);
    const avatars = (await objects()).filter((key) => key.startsWith("avatars/"));
    expect(avatars).toHaveLength(1);
    // S3 sets the time of each object itself: age them by running retention in the future instead.
    expect((await retention.runRetention(Date.now() + 2 * 86400_000)).files).toBe(0);
    expect(await objects()).toContain(name);
    expect((await retention.runRetention(Date.now() + 4 * 86400_000)).files).toBeGreaterThanOrEqual(1);
    expect(await objects()).not.toContain(name);
    expect((await objects()).filter((key) => key.startsWith("avatars/"))).toEqual(avatars);
    expect(underUploadDir()).toEqual([]);
  });
});

describe("avatars on S3", () => {
  const avatarKeys = async () => (await objects()).filter((key) => key.startsWith("avatars/"));

  it("are stored as a 128×128 JPEG in the bucket, served with ranges and ETag, replaced and deleted there", async () => {
    const others = await avatarKeys(); // bob's, from the retention test
    const wide = await sharp({ create: { width: 640, height: 200, channels: 3, background: "#080" } }).png().toBuffer();
    expect(await (await uploadAvatar(alice, wide)).text()).toBe("ok");
    const [first, ...more] = (await avatarKeys()).filter((key) => !others.includes(key));
    expect(first).toMatch(/^avatars\/[0-9a-f]{32}\.jpg$/);
    expect(more).toEqual([]);
    expect(await stored.storedNames("avatars")).toContain(first!.slice("avatars/".length));

    const served = await getAvatar(bob, "alice");
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    const jpeg = Buffer.from(await served.arrayBuffer());
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width: 128, height: 128 });
    expect((await storage.blobs().stat(first!))?.size).toBe(jpeg.length);
    const part = await getAvatar(bob, "ALICE", { range: "bytes=0-1" });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(Buffer.from([0xff, 0xd8])); // a JPEG's first bytes
    const etag = served.headers.get("etag")!;
    expect((await getAvatar(bob, "alice", { "if-none-match": etag })).status).toBe(304);

    const square = await sharp({ create: { width: 50, height: 80, channels: 3, background: "#123456" } }).jpeg().toBuffer();
    expect(await (await uploadAvatar(alice, square)).text()).toBe("ok");
    const replacedKeys = (await avatarKeys()).filter((key) => !others.includes(key));
    expect(replacedKeys).toHaveLength(1);
    expect(replacedKeys[0]).not.toBe(first); // the new one in, the previous one gone
    const replaced = await getAvatar(bob, "alice", { "if-none-match": etag });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get("etag")).not.toBe(etag);

    const removed = await http.call(routes.avatar.DELETE, "/avatar", { method: "DELETE", cookie: alice });
    expect(await removed.text()).toBe("ok");
    expect(await avatarKeys()).toEqual(others);
    expect((await getAvatar(bob, "alice")).status).toBe(404);
    expect(underUploadDir()).toEqual([]);
    expect(staged()).toEqual([]);
  });
});
