import sharp from "sharp";
import { GET as previewRoute } from "@/app/(chat)/file_preview/[name]/route";
import { GET as fileRoute, HEAD as fileHead } from "@/app/(chat)/files/[name]/route";
import { GET as messagesRoute } from "@/app/(chat)/messages/[channel]/route";
import { POST as createPrivate } from "@/app/(chat)/private_channels/create/route";
import { POST as sendRoute } from "@/app/(chat)/send/[channel]/route";
import { POST as deleteRoute } from "@/app/(chat)/delete/[id]/route";
import { stagedFiles, storedNames } from "./helpers/blobs";
import { BASE, call, newUser } from "./helpers/http";
import { animatedGif } from "./helpers/images";
import { useSettings } from "./helpers/settings";
import { messageStore } from "@/lib/messages";

let alice: string;
let bob: string;
let carol: string;
let png: Buffer;

beforeAll(async () => {
  alice = await newUser("alice");
  bob = await newUser("bob");
  carol = await newUser("carol");
  png = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#ff0000" } }).png().toBuffer();
});
afterEach(async () => {
  useSettings({});
  await messageStore().settled();
});

// What the blob store holds at its top level (uploads), and the uploads being received.
const uploads = () => storedNames();
const incoming = () => stagedFiles();

async function sendFiles(cookie: string, channel: string, files: [name: string, data: Buffer | string][], text = "") {
  const form = new FormData();
  if (text) form.set("text", text);
  for (const [name, data] of files) form.append("files", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  const req = new Request(`${BASE}/send/${encodeURIComponent(channel)}`, { method: "POST", body: form, headers: { cookie } });
  return sendRoute(req, { params: Promise.resolve({ channel }) });
}

async function lastRows(cookie: string, channel: string) {
  const res = await call(messagesRoute, `/messages/${channel}`, { cookie }, { channel });
  return (await res.json()) as { id: number; content: string; filename: string | null; deleted: number }[];
}

const getFile = (cookie: string, name: string, headers: Record<string, string> = {}) => call(fileRoute, `/files/${name}`, { cookie, headers }, { name });

describe("attachments", () => {
  let image: string;
  let notes: string;

  it("are sent with text as one message: images under <uuid>.<ext>, others under <uuid>_<name>", async () => {
    const res = await sendFiles(alice, "general", [["Photo.PNG", png], ["notes.txt", "line one\nline two\n"]], "look");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
    const rows = (await lastRows(bob, "general")).slice(-3);
    expect(rows.map((r) => r.content)).toEqual(["look", "", ""]);
    image = rows[1]!.filename!;
    notes = rows[2]!.filename!;
    expect(image).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(notes).toMatch(/^[0-9a-f]{32}_notes\.txt$/);
    expect(await uploads()).toEqual(expect.arrayContaining([image, notes]));
  });

  it("serve images inline and everything else as a download under its own name", async () => {
    const img = await getFile(bob, image);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(img.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(img.headers.get("content-length")).toBe(String(png.length));
    expect(img.headers.get("x-content-type-options")).toBe("nosniff");
    expect(img.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await img.arrayBuffer()).equals(png)).toBe(true);

    const txt = await getFile(bob, notes);
    expect(txt.headers.get("content-type")).toBe("application/octet-stream");
    expect(txt.headers.get("content-disposition")).toBe(`attachment; filename="notes.txt"; filename*=UTF-8''notes.txt`);
    expect(await txt.text()).toBe("line one\nline two\n");
  });

  it("answer HEAD, byte ranges and validators", async () => {
    const head = await call(fileHead, `/files/${notes}`, { method: "HEAD", cookie: bob }, { name: notes });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe("18");
    expect(await head.text()).toBe("");
    const part = await getFile(bob, notes, { range: "bytes=5-7" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 5-7/18");
    expect(await part.text()).toBe("one");
    const tail = await getFile(bob, notes, { range: "bytes=-4" });
    expect(await tail.text()).toBe("two\n");
    expect((await getFile(bob, notes, { range: "bytes=100-" })).status).toBe(416);
    const etag = (await getFile(bob, notes)).headers.get("etag")!;
    expect((await getFile(bob, notes, { "if-none-match": etag })).status).toBe(304);
  });

  it("have a code preview for text files and {} for others", async () => {
    const preview = await call(previewRoute, `/file_preview/${notes}`, { cookie: bob }, { name: notes });
    expect(await preview.json()).toEqual({
      type: "code",
      filename: "notes.txt",
      filepath: "notes.txt",
      language: "txt",
      first_line_num: 1,
      highlight_start: null,
      highlight_end: null,
      code: "line one\nline two",
      total_lines: 2,
      url: `/files/${notes}`,
    });
    expect(await (await call(previewRoute, `/file_preview/${image}`, { cookie: bob }, { name: image })).json()).toEqual({});
  });

  it("are refused to users outside the channel, and unknown names are not found", async () => {
    const created = await call(createPrivate, "/private_channels/create", { cookie: alice, json: { name: "secret", members: ["bob"] } });
    const { channel } = await created.json();
    await sendFiles(alice, channel, [["plan.md", "# plan"]]);
    const name = (await lastRows(alice, channel)).pop()!.filename!;
    expect((await getFile(bob, name)).status).toBe(200);
    const outsider = await getFile(carol, name);
    expect(outsider.status).toBe(403);
    expect(await outsider.text()).toBe("forbidden");
    expect((await call(previewRoute, `/file_preview/${name}`, { cookie: carol }, { name })).status).toBe(403);
    expect((await getFile(alice, "0".repeat(32) + "_missing.txt")).status).toBe(403);
    for (const bad of ["../settings.json", "..%2Fsettings.json", "secret.key", ".incoming"]) {
      expect((await getFile(alice, bad)).status).toBe(404);
    }
    expect((await call(fileRoute, `/files/${name}`, {}, { name })).status).toBe(401);
  });

  it("go with their message when it is deleted", async () => {
    await sendFiles(alice, "software", [["gone.txt", "bye"]], "with a file");
    const rows = await lastRows(alice, "software");
    const text = rows.find((r) => r.content === "with a file")!;
    const name = rows.at(-1)!.filename!;
    expect((await call(deleteRoute, `/delete/${text.id}`, { method: "POST", cookie: alice }, { id: String(text.id) })).status).toBe(200);
    expect(await uploads()).not.toContain(name);
    expect((await getFile(bob, name)).status).toBe(403);
    const after = await lastRows(bob, "software");
    expect(after.filter((r) => r.deleted === 1).map((r) => r.filename)).toEqual([null, null]);
  });

  it("that only claim to be images are stored and served as downloads", async () => {
    const zip = Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 1)]);
    // A PNG header announcing 100,000 × 100,000 pixels: never decoded.
    const bomb = Buffer.from(
      "89504e470d0a1a0a0000000d49484452000186a0000186a00806000000" + "00000000",
      "hex",
    );
    await sendFiles(alice, "off-topic", [["archive.png", zip], ["bomb.png", bomb]]);
    const [zipRow, bombRow] = (await lastRows(alice, "off-topic")).slice(-2);
    expect(zipRow?.filename).toMatch(/^[0-9a-f]{32}_archive\.png$/);
    expect(bombRow?.filename).toMatch(/^[0-9a-f]{32}_bomb\.png$/);
    const served = await getFile(bob, zipRow!.filename!);
    expect(served.headers.get("content-type")).toBe("application/octet-stream");
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
  });

  it("keep an ordinary animated GIF an image (the pixel limit is one frame's); too many frames are a plain file", async () => {
    await sendFiles(alice, "off-topic", [["loop.gif", await animatedGif(480, 360, 240)]]);
    expect((await lastRows(alice, "off-topic")).pop()!.filename).toMatch(/^[0-9a-f]{32}\.gif$/);
    await sendFiles(alice, "off-topic", [["flood.gif", await animatedGif(8, 8, 1_001)]]);
    expect((await lastRows(alice, "off-topic")).pop()!.filename).toMatch(/^[0-9a-f]{32}_flood\.gif$/);
  }, 30_000); // encoding 41 M pixels of GIF takes seconds on a busy 2-core machine: a harness limit, not a speed check

  it("keep a GIF that carries HTML an image, never a page", async () => {
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: "#00f" } }).gif().toBuffer();
    const polyglot = Buffer.concat([gif, Buffer.from("<html><script>alert(1)</script></html>")]);
    await sendFiles(alice, "off-topic", [["x.gif", polyglot]]);
    const name = (await lastRows(alice, "off-topic")).pop()!.filename!;
    const res = await getFile(bob, name);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
  });

  it("get safe names whatever they were called", async () => {
    await sendFiles(alice, "off-topic", [
      ["../../etc/passwd", "root"],
      ["..\\..\\boot.ini", "x"],
      ["r\u00e9sum\u00e9 final.txt", "cv"],
      ["a".repeat(300) + ".txt", "long"],
      ["...", "dots"],
    ]);
    const names = (await lastRows(alice, "off-topic")).slice(-5).map((r) => r.filename!.slice(33));
    expect(names.slice(0, 3)).toEqual(["passwd", "boot.ini", "resume_final.txt"]);
    expect(names[3]).toMatch(/^a+\.txt$/);
    expect(names[3]?.length).toBeLessThanOrEqual(150);
    expect(names[4]).toBe("file");
  });
});

describe("refused uploads", () => {
  it("answer 413 with the reference's text for a file over the limit, and keep nothing", async () => {
    useSettings({ max_upload_size_mb: 1 });
    const before = await uploads();
    const rowsBefore = (await lastRows(alice, "general")).length;
    const res = await sendFiles(alice, "general", [["small.txt", "ok"], ["big.bin", Buffer.alloc(1024 * 1024 + 1)]], "too big");
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("file too large (max 1 MB)");
    expect(await uploads()).toEqual(before);
    expect(incoming()).toEqual([]);
    expect((await lastRows(alice, "general")).length).toBe(rowsBefore);
  });

  it("read the rest of a refused body, so the client's connection stays usable, and say the connection closes", async () => {
    useSettings({ max_upload_size_mb: 1 });
    const head = Buffer.from('--xyz\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n\r\n');
    const tail = Buffer.from("\r\n--xyz--\r\n");
    const chunk = new Uint8Array(64 * 1024);
    const total = 48; // 3 MB of file: the limit is passed a third of the way in
    let sent = 0;
    // A client still writing its upload when the answer comes.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new Uint8Array(head));
        if (sent < total) controller.enqueue(chunk);
        else if (sent === total) controller.enqueue(new Uint8Array(tail));
        else controller.close();
        sent++;
      },
    });
    const req = new Request(`${BASE}/send/general`, {
      method: "POST",
      headers: { cookie: alice, "content-type": "multipart/form-data; boundary=xyz" },
      body,
      duplex: "half",
    } as RequestInit);
    const res = await sendRoute(req, { params: Promise.resolve({ channel: "general" }) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("file too large (max 1 MB)");
    expect(sent).toBe(total + 2);
    expect(res.headers.get("connection")).toBe("close");
    expect(incoming()).toEqual([]);
  });

  it("answer 400 for an empty file and 403 for a channel the sender cannot see, keeping nothing", async () => {
    const before = await uploads();
    const empty = await sendFiles(alice, "general", [["empty.txt", ""]], "hi");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: "empty file: empty.txt" });
    const outsider = await sendFiles(carol, "dm:alice:bob", [["x.txt", "x"]]);
    expect(outsider.status).toBe(403);
    expect(await uploads()).toEqual(before);
    expect(incoming()).toEqual([]);
  });

  it("answer 400 for a malformed multipart body", async () => {
    const req = new Request(`${BASE}/send/general`, {
      method: "POST",
      headers: { cookie: alice, "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nunterminated",
    });
    const res = await sendRoute(req, { params: Promise.resolve({ channel: "general" }) });
    expect(res.status).toBe(400);
    expect(incoming()).toEqual([]);
  });
});
