// The boards' routes as readers and posters meet them: lists, threads, posts, images, search, pages.
import sharp from "sharp";
import { DEFAULT_BOARDS } from "@/lib/config";
import { newUser } from "./helpers/http";
import { useSettings } from "./helpers/settings";
import {
  boardsJson,
  fixedClock,
  makeReply,
  makeThread,
  media,
  multipart,
  NO_COOLDOWNS,
  newThread,
  postsJson,
  reply,
  threadsJson,
  uploadedFiles,
} from "./helpers/boards";
import { expectJson, expectText } from "./helpers/chat";

let clock: ReturnType<typeof fixedClock>;
let alice: string;
let bob: string;
let png: Buffer;

beforeAll(async () => {
  clock = fixedClock();
  useSettings(NO_COOLDOWNS);
  alice = await newUser("alice");
  bob = await newUser("bob");
  png = await sharp({ create: { width: 600, height: 300, channels: 3, background: "#3366ff" } }).png().toBuffer();
});
afterAll(() => jest.restoreAllMocks());

describe("GET /boards/boards.json", () => {
  it("lists the original's 30 boards in its order, with titles and empty totals", async () => {
    const res = await boardsJson();
    expect(res.status).toBe(200);
    const boards = (await res.json()) as Array<Record<string, unknown>>;
    expect(boards.map((b) => b.slug)).toEqual(DEFAULT_BOARDS);
    expect(boards[0]).toEqual({ slug: "tech", title: "Tech", description: "", threads: 0, posts: 0, last_post_at: null });
    expect(boards.find((b) => b.slug === "diy")?.title).toBe("DIY");
  });

  it("takes settings entries as slugs or {slug, title, description}", async () => {
    useSettings({ boards: { ...NO_COOLDOWNS.boards, boards: ["tech", { slug: "retro", title: "Retro computing", description: "Old machines" }, { slug: "misc" }] } });
    try {
      await expectJson(await boardsJson(), 200, [
        { slug: "tech", title: "Tech", description: "", threads: 0, posts: 0, last_post_at: null },
        { slug: "retro", title: "Retro computing", description: "Old machines", threads: 0, posts: 0, last_post_at: null },
        { slug: "misc", title: "Misc", description: "", threads: 0, posts: 0, last_post_at: null },
      ]);
    } finally {
      useSettings(NO_COOLDOWNS);
    }
  });
});

describe("a thread's life", () => {
  let threadId: number;
  let firstPost: number;
  const created = () => clock.stamp();

  it("POST /boards/<board>/new from a form redirects (302) to the new thread", async () => {
    const res = await newThread("tech", { cookie: alice, form: { title: "Welcome to Tech Board", content: "This is the first post on tech board!" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/boards\/tech\/[0-9]+\/$/);
    threadId = Number(res.headers.get("location")!.split("/")[3]);
  });

  it("answers 201 with the thread and its first post to a JSON caller", async () => {
    clock.advance(10);
    const res = await newThread("tech", { cookie: bob, asJson: true, form: { title: "  Second  ", content: "hello\r\nworld" } });
    const body = await res.json();
    expect(res.status).toBe(201);
    const ts = clock.seconds();
    expect(body).toEqual({
      thread: { id: threadId + 1, board: "tech", title: "Second", author: "bob", created: created(), bumped: created(), replies: 0, images: 0, sticky: false, locked: false },
      post: {
        id: body.post.id, thread_id: threadId + 1, content: "hello\nworld", author: "bob", created: created(), created_ts: ts,
        edited_ts: null, deleted: false, image_url: null, thumbnail_url: null,
      },
    });
    firstPost = body.post.id - 1;
  });

  it("GET …/posts answers the original's keys (created is when it was posted) plus author, images, edit and deletion", async () => {
    const stamp = "2026-12-03 12:00:00";
    await expectJson(await postsJson("tech", threadId), 200, [
      { id: firstPost, content: "This is the first post on tech board!", created: stamp, author: "alice", image_url: null, thumbnail_url: null, edited: null, deleted: false },
    ]);
  });

  it("a reply with an image: 201, a thumbnail made at upload, both served at /boards/media/", async () => {
    clock.advance(5);
    const res = await reply("tech", threadId, { cookie: bob, asJson: true, body: multipart({ content: ">>" + firstPost + " nice" }, [["image", "Photo.PNG", png]]) });
    const body = await res.json();
    expect(res.status).toBe(201);
    expect(body).toEqual({
      id: firstPost + 2, thread_id: threadId, content: `>>${firstPost} nice`, author: "bob", created: created(), created_ts: clock.seconds(),
      edited_ts: null, deleted: false, image_url: expect.stringMatching(/^\/boards\/media\/[0-9a-f]{32}\.png$/),
      thumbnail_url: expect.stringMatching(/^\/boards\/media\/[0-9a-f]{32}s\.webp$/),
    });
    const imageName = body.image_url.split("/").pop();
    const thumbName = body.thumbnail_url.split("/").pop();
    expect(await uploadedFiles()).toEqual([`boards/${imageName}`, `boards/${thumbName}`].sort());

    const image = await media(imageName);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(image.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    const thumb = await media(thumbName);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "webp", width: 250, height: 125 });
    expect((await media(imageName, true)).status).toBe(200);
  });

  it("a form reply redirects to the thread; the thread counts replies and images and is bumped", async () => {
    clock.advance(5);
    const res = await reply("tech", threadId, { cookie: alice, form: { content: "text only" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/boards/tech/${threadId}/`);
    const list = await (await threadsJson("tech")).json();
    expect(list).toEqual({
      board: "tech",
      page: 1,
      pages: 1,
      threads: [
        { id: threadId, board: "tech", title: "Welcome to Tech Board", author: "alice", created: "2026-12-03 12:00:00", bumped: created(), replies: 2, images: 1, sticky: false, locked: false },
        { id: threadId + 1, board: "tech", title: "Second", author: "bob", created: "2026-12-03 12:00:10", bumped: "2026-12-03 12:00:10", replies: 0, images: 0, sticky: false, locked: false },
      ],
    });
  });

  it("?after=<id> gives only newer posts (what the thread page polls), [] when there are none", async () => {
    const all = (await (await postsJson("tech", threadId)).json()) as Array<{ id: number; content: string }>;
    expect(all.map((p) => p.content)).toEqual(["This is the first post on tech board!", `>>${firstPost} nice`, "text only"]);
    const newer = (await (await postsJson("tech", threadId, `?after=${all[0]!.id}`)).json()) as Array<{ id: number }>;
    expect(newer.map((p) => p.id)).toEqual([all[1]!.id, all[2]!.id]);
    await expectJson(await postsJson("tech", threadId, `?after=${all[2]!.id}`), 200, []);
  });

  it("boards.json counts threads and posts, with the last post's time", async () => {
    const tech = ((await (await boardsJson()).json()) as Array<Record<string, unknown>>)[0];
    expect(tech).toEqual({ slug: "tech", title: "Tech", description: "", threads: 2, posts: 4, last_post_at: created() });
  });
});

describe("not found", () => {
  let id: number;
  beforeAll(async () => {
    ({ id } = await makeThread(alice, "random", "Random Chat", "Randomness starts here!"));
  });

  it("a thread under another board is not shown there: 404, as an unknown one", async () => {
    await expectJson(await postsJson("tech", id), 404, { error: "thread not found" });
    await expectJson(await postsJson("random", 999999), 404, { error: "thread not found" });
    expect((await postsJson("random", id)).status).toBe(200);
  });

  it("an unknown board, a slug with markup or '..', a non-integer id: 404, nothing else", async () => {
    await expectJson(await postsJson("nonexistent", id), 404, { error: "board not found" });
    await expectJson(await threadsJson("nonexistent"), 404, { error: "board not found" });
    await expectJson(await threadsJson("<b>x</b>"), 404, { error: "board not found" });
    await expectJson(await threadsJson(".."), 404, { error: "board not found" });
    await expectJson(await postsJson("random", "1.5"), 404, { error: "thread not found" });
    await expectJson(await postsJson("random", "abc"), 404, { error: "thread not found" });
    await expectJson(await postsJson("random", "0"), 404, { error: "thread not found" });
  });

  it("media: unknown or malformed names are 404", async () => {
    expect((await media("0123456789abcdef0123456789abcdef.png")).status).toBe(404);
    expect((await media("../shared.db")).status).toBe(404);
    expect((await media("x.svg")).status).toBe(404);
  });

  it("a 404 for a plain caller is text, for a JSON caller JSON", async () => {
    await expectText(await reply("nonexistent", id, { cookie: alice, form: { content: "x" } }), 404, "board not found");
    await expectJson(await reply("nonexistent", id, { cookie: alice, asJson: true, form: { content: "x" } }), 404, { error: "board not found" });
    await expectJson(await reply("tech", id, { cookie: alice, asJson: true, form: { content: "x" } }), 404, { error: "thread not found" });
    const posts = (await (await postsJson("random", id)).json()) as unknown[];
    expect(posts).toHaveLength(1);
  });
});

describe("board pages and search", () => {
  const titles: string[] = [];
  beforeAll(async () => {
    for (let i = 1; i <= 23; i++) {
      clock.advance(1);
      const title = i === 7 ? "100% sure" : i === 8 ? "snake_case" : i === 9 ? "100 percent" : `thread ${i}`;
      titles.push(title);
      await makeThread(bob, "books", title, i === 10 ? "body mentions Dune here" : "text");
    }
  });

  it("20 threads a page in bump order; page 2 has the rest; past the last page is 404", async () => {
    const one = await (await threadsJson("books")).json();
    expect({ page: one.page, pages: one.pages, count: one.threads.length }).toEqual({ page: 1, pages: 2, count: 20 });
    expect(one.threads.map((t: { title: string }) => t.title)).toEqual([...titles].reverse().slice(0, 20));
    const two = await (await threadsJson("books", "?page=2")).json();
    expect(two.threads.map((t: { title: string }) => t.title)).toEqual([...titles].reverse().slice(20));
    await expectJson(await threadsJson("books", "?page=3"), 404, { error: "page not found" });
  });

  it("a reply bumps its thread to the top", async () => {
    const first = (await (await threadsJson("books", "?page=2")).json()).threads.at(-1);
    clock.advance(1);
    await makeReply(alice, "books", first.id, "up you go");
    const top = (await (await threadsJson("books")).json()).threads[0];
    expect(top.id).toBe(first.id);
  });

  it("q searches titles and bodies, case-insensitively and literally ('%' and '_' match themselves)", async () => {
    const titlesFor = async (q: string) => ((await (await threadsJson("books", `?q=${encodeURIComponent(q)}`)).json()).threads as Array<{ title: string }>).map((t) => t.title);
    expect(await titlesFor("100%")).toEqual(["100% sure"]);
    expect(await titlesFor("_")).toEqual(["snake_case"]);
    expect(await titlesFor("SNAKE")).toEqual(["snake_case"]);
    expect(await titlesFor("dune")).toEqual(["thread 10"]);
    expect(await titlesFor("nothing like this")).toEqual([]);
    await expectJson(await threadsJson("books", "?q=zzz&page=2"), 404, { error: "page not found" });
  });

  it("a page that is not a positive whole number, or a huge one, is 400", async () => {
    for (const page of ["0", "-1", "abc", "1.5", "99999999999999999999", "1000001"]) {
      expect({ page, status: (await threadsJson("books", `?page=${page}`)).status }).toEqual({ page, status: 400 });
    }
    await expectJson(await threadsJson("books", "?page=abc"), 400, { error: "page must be a whole number" });
  });
});

describe("the bump limit", () => {
  it("replies past boards.bump_limit no longer move the thread up", async () => {
    useSettings({ boards: { ...NO_COOLDOWNS.boards, bump_limit: 2 } });
    try {
      clock.advance(10);
      const old = await makeThread(alice, "music", "old");
      clock.advance(10);
      const fresh = await makeThread(alice, "music", "fresh");
      const bumped = async () =>
        ((await (await threadsJson("music")).json()).threads as Array<{ title: string; bumped: string; replies: number }>).map((t) => [t.title, t.bumped, t.replies]);
      const freshAt = clock.stamp();
      clock.advance(10);
      await makeReply(bob, "music", old.id, "one");
      clock.advance(10);
      await makeReply(bob, "music", old.id, "two");
      const atLimit = clock.stamp();
      expect(await bumped()).toEqual([["old", atLimit, 2], ["fresh", freshAt, 0]]);
      clock.advance(10);
      await makeReply(bob, "music", old.id, "three");
      expect(await bumped()).toEqual([["old", atLimit, 3], ["fresh", freshAt, 0]]);
      clock.advance(10);
      await makeReply(bob, "music", fresh.id, "bump");
      expect(await bumped()).toEqual([["fresh", clock.stamp(), 1], ["old", atLimit, 3]]);
    } finally {
      useSettings(NO_COOLDOWNS);
    }
  });
});
