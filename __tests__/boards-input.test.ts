// Every bad input of issue 12: a clear 4xx (never a 500), nothing written, no file left in uploads/.
import sharp from "sharp";
import { parseSettings } from "@/lib/config";
import { newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";
import { boardsJson, makeThread, multipart, newThread, NO_COOLDOWNS, postsJson, reply, threadsJson, uploadedFiles, type BoardRequest } from "./helpers/boards";
import { expectJson, expectText } from "./helpers/chat";

let alice: string;
let png: Buffer;
let gif: Buffer;
let thread: number;

beforeAll(async () => {
  useSettings(NO_COOLDOWNS);
  alice = await newUser("alice");
  png = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#00ff00" } }).png().toBuffer();
  gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#00ff00" } }).gif().toBuffer();
  ({ id: thread } = await makeThread(alice, "tech", "a thread"));
});

/** What a refused request may not change: the board's totals, the thread's posts, the uploads folder. */
async function snapshot() {
  return {
    boards: await (await boardsJson()).text(),
    posts: await (await postsJson("tech", thread)).text(),
    threads: await (await threadsJson("tech")).text(),
    files: await uploadedFiles(),
  };
}

async function expectRefused(send: () => Promise<Response>, status: number, body: string) {
  const before = await snapshot();
  await expectText(await send(), status, body);
  expect(await snapshot()).toEqual(before);
}

const asForm = (options: BoardRequest): BoardRequest => ({ cookie: alice, ...options });

describe("images", () => {
  it("png, jpg/jpeg, gif and webp that decode are kept", async () => {
    const jpg = await sharp(png).jpeg().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    for (const [name, data] of [["a.gif", gif], ["b.JPG", jpg], ["c.jpeg", jpg], ["d.webp", webp]] as const) {
      const res = await reply("tech", thread, asForm({ asJson: true, body: multipart({ content: "" }, [["image", name, data]]) }));
      expect({ name, status: res.status }).toEqual({ name, status: 201 });
    }
  });

  it("another extension is the original's 400 Invalid file type.", async () => {
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "notes.txt", "hello"]]) })), 400, "Invalid file type.");
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "page.svg", "<svg/>"]]) })), 400, "Invalid file type.");
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "noext", png]]) })), 400, "Invalid file type.");
  });

  it("a lying extension (text named .png, a PNG named .gif) is refused: the bytes must decode as that format", async () => {
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "fake.png", "<script>alert(1)</script>"]]) })), 400, "Invalid file type.");
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "real.gif", png]]) })), 400, "Invalid file type.");
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "cut.png", png.subarray(0, 20)]]) })), 400, "Invalid file type.");
  });

  it("a JSON caller gets the same refusal as {\"error\"}", async () => {
    const res = await reply("tech", thread, asForm({ asJson: true, body: multipart({ content: "x" }, [["image", "notes.txt", "hello"]]) }));
    await expectJson(res, 400, { error: "Invalid file type." });
  });

  it("a 0-byte file is refused", async () => {
    const before = await snapshot();
    const res = await reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "empty.png", Buffer.alloc(0)]]) }));
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("over boards.max_upload_size_mb is the original's 413 File is too large (max 2MB).", async () => {
    const big = Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]);
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "big.png", big]]) })), 413, "File is too large (max 2MB).");
    await expectRefused(() => newThread("tech", asForm({ body: multipart({ title: "t", content: "x" }, [["image", "big.png", big]]) })), 413, "File is too large (max 2MB).");
    useSettings({ boards: { ...NO_COOLDOWNS.boards, max_upload_size_mb: 1 } });
    try {
      const res = await reply("tech", thread, asForm({ asJson: true, body: multipart({ content: "x" }, [["image", "big.png", big.subarray(0, 1024 * 1024 + 10)]]) }));
      await expectJson(res, 413, { error: "File is too large (max 1MB)." });
    } finally {
      useSettings(NO_COOLDOWNS);
    }
  });

  it("two images in one post are refused", async () => {
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ content: "x" }, [["image", "a.png", png], ["image", "b.png", png]]) })), 400, "one image per post");
  });

  it("a form with no file chosen (an unnamed empty part) is a text reply", async () => {
    const res = await reply("tech", thread, asForm({ asJson: true, body: multipart({ content: "just text" }, [["image", "", Buffer.alloc(0)]]) }));
    expect(res.status).toBe(201);
    expect((await res.json()).image_url).toBeNull();
  });
});

describe("fields", () => {
  it("missing title or content: 400, as the original", async () => {
    await expectRefused(() => newThread("tech", asForm({ form: { content: "x" } })), 400, "missing field: title");
    await expectRefused(() => newThread("tech", asForm({ form: { title: "x" } })), 400, "missing field: content");
    await expectRefused(() => reply("tech", thread, asForm({ form: {} })), 400, "missing field: content");
    await expectRefused(() => reply("tech", thread, asForm({ body: multipart({ other: "x" }) })), 400, "missing field: content");
  });

  it("an empty or blank title, or one over 200 characters, or with control characters", async () => {
    await expectRefused(() => newThread("tech", asForm({ form: { title: "", content: "x" } })), 400, "title must be 1-200 characters");
    await expectRefused(() => newThread("tech", asForm({ form: { title: "   ", content: "x" } })), 400, "title must be 1-200 characters");
    await expectRefused(() => newThread("tech", asForm({ form: { title: "é".repeat(201), content: "x" } })), 400, "title must be 1-200 characters");
    await expectRefused(() => newThread("tech", asForm({ form: { title: "two\nlines", content: "x" } })), 400, "title may not contain control characters");
    expect((await newThread("tech", asForm({ asJson: true, form: { title: "é".repeat(200), content: "x" } }))).status).toBe(201);
  });

  it("a post over 10,000 characters, or empty without an image", async () => {
    await expectRefused(() => reply("tech", thread, asForm({ form: { content: "a".repeat(10_001) } })), 400, "a post is at most 10,000 characters");
    await expectRefused(() => reply("tech", thread, asForm({ form: { content: " \n " } })), 400, "a post needs text or an image");
    await expectRefused(() => newThread("tech", asForm({ form: { title: "t", content: "" } })), 400, "a post needs text or an image");
    await expectRefused(() => reply("tech", thread, asForm({ form: { content: "nul\u0000byte" } })), 400, "a post may not contain control characters");
    expect((await reply("tech", thread, asForm({ asJson: true, form: { content: "a".repeat(10_000) } }))).status).toBe(201);
  });

  it("JSON bodies: fields must be strings; malformed JSON is 400", async () => {
    await expectJson(await reply("tech", thread, asForm({ json: { content: 5 } })), 400, { error: "content must be a string" });
    await expectJson(await reply("tech", thread, asForm({ rawJson: "{" })), 400, { error: "invalid JSON body" });
    const ok = await reply("tech", thread, asForm({ json: { content: "from a script" } }));
    expect(ok.status).toBe(201);
  });

  it("a board slug with markup or '..', an unknown board, a non-integer thread id: 404 and nothing written", async () => {
    await expectRefused(() => newThread("<img src=x>", asForm({ form: { title: "t", content: "x" } })), 404, "board not found");
    await expectRefused(() => newThread("..", asForm({ form: { title: "t", content: "x" } })), 404, "board not found");
    await expectRefused(() => newThread("nonexistent", asForm({ body: multipart({ title: "t", content: "x" }, [["image", "a.png", png]]) })), 404, "board not found");
    await expectRefused(() => reply("tech", "1x", asForm({ form: { content: "x" } })), 404, "thread not found");
    await expectRefused(() => reply("tech", "-1", asForm({ form: { content: "x" } })), 404, "thread not found");
    await expectRefused(() => reply("tech", 99999, asForm({ body: multipart({ content: "x" }, [["image", "a.png", png]]) })), 404, "thread not found");
  });

  it("boards are never created by posting to an unknown slug", async () => {
    const slugs = ((await (await boardsJson()).json()) as Array<{ slug: string }>).map((b) => b.slug);
    expect(slugs).not.toContain("nonexistent");
  });
});

describe("settings", () => {
  it("refuse board slugs taken by paths of their own, bad slugs and duplicates", () => {
    for (const boards of [["media"], ["boards"], ["reports"], ["Tech"], ["a/b"], ["tech", { slug: "tech" }], []]) {
      expect(() => parseSettings(JSON.stringify({ boards: { boards } }))).toThrow(/boards\.boards/);
    }
    expect(parseSettings(JSON.stringify({ boards: { boards: ["tech", { slug: "retro", title: "Retro" }] } })).boards.boards).toEqual([
      "tech",
      { slug: "retro", title: "Retro", description: "" },
    ]);
  });
});
